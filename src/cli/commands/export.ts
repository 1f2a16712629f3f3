import type { Command } from "commander";
import { exportRunFile, openStoreForRefs, resolveRunArg, withStore } from "../../usecases/index.js";
import { checkOutputPaths, writeFileAtomic } from "../write-file.js";
import type { RegisterCommand } from "./register.js";

interface ExportFlags {
  out?: string;
  db?: string;
  raw?: boolean;
}

export const registerExport: RegisterCommand = (program: Command) => {
  program
    .command("export")
    .description("write a portable run file (run, cases, attempts with outputs, comparisons) that any RUNREF accepts")
    .argument("<runref>", "run id, latest, tag:NAME (or a run file, to re-export it)")
    .option("--out <file>", "where to write it (default: stdout)")
    .option("--raw", "keep each attempt's raw request and response (redacted as stored)")
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .action(async (ref: string, flags: ExportFlags) => {
      checkOutputPaths(flags);
      const store = await openStoreForRefs(flags.db, [ref]);
      await withStore(store, async () => {
        const file = await exportRunFile(store, await resolveRunArg(store, ref), { includeRaw: flags.raw === true });
        const text = `${JSON.stringify(file)}\n`;
        if (flags.out) {
          writeFileAtomic(flags.out, text);
          process.stderr.write(`exported ${file.run.id} (${file.attempts.length} attempts, ${file.comparisons.length} comparisons) to ${flags.out}\n`);
        } else process.stdout.write(text);
      });
    });
};
