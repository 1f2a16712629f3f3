import { Command, CommanderError } from "commander";
// core's small files, not core/index.js (which loads the suite's zod schema): argv parsing
// and `--help` load only what they use; each command's action loads the rest (commands/index.ts).
import { isEvalgateError, printable } from "../core/errors.js";
import { EVALGATE_VERSION } from "../core/version.js";
import { commands } from "./commands/index.js";
import { loadDotEnv } from "./env.js";
import { addCommandHelp } from "./help.js";

/**
 * The composition root (docs/design/architecture.md §3): parses argv, wires the modules, maps errors to
 * exit codes (§5). Returns the exit code instead of calling process.exit, so tests and
 * the library can call it.
 */
export async function main(argv: string[]): Promise<number> {
  loadDotEnv(process.cwd());
  exitQuietlyOnClosedPipe();
  const program = new Command("evalgate")
    .description("Prompt evaluation and migration harness")
    .version(EVALGATE_VERSION)
    .exitOverride()
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  let exitCode = 0;
  for (const register of commands) {
    register(program, (code) => {
      exitCode = code;
    });
  }
  addCommandHelp(program);
  // Before any action, never for `--help` or a flag error: zod reads each document once here.
  program.hook("preAction", async () => {
    await import("./zod-mode.js");
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version exit 0.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (isEvalgateError(error)) {
    process.stderr.write(`${error.format()}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error[INTERNAL] ${printable(message)}\n`);
  if (process.env.EVALGATE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 3;
}

/** `evalgate report … | head`: a reader that closes the pipe early is not an error. */
function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}
