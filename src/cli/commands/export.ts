import type { Command } from "commander";
import type { ExportFlags } from "./export-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate export RUNREF`: its flags here; the action (export-action.ts) loads when it runs. */
export const registerExport: RegisterCommand = (program: Command) => {
  program
    .command("export")
    .description("write a portable run file (run, cases, attempts with outputs, comparisons) that any RUNREF accepts")
    .argument("<runref>", "run id, latest, tag:NAME (or a run file, to re-export it)")
    .option("--out <file>", "where to write it (default: stdout)")
    .option("--raw", "keep each attempt's raw request and response (redacted as stored)")
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .action(async (ref: string, flags: ExportFlags) => {
      const { exportAction } = await import("./export-action.js");
      await exportAction(ref, flags);
    });
};
