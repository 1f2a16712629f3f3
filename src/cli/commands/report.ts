import { join } from "node:path";
import pc from "picocolors";
import type { Command } from "commander";
import { appendStepSummary, createReporter, resolveReportFormat, type ReportInput } from "../../report/index.js";
import { isRunFileRef, openStoreForRefs, readRunFile, reportInputFromFile, reportInputFromStore, resolveRunArg, withStore } from "../../usecases/index.js";
import { positiveInt } from "../flags.js";
import { checkOutputPaths, writeFileAtomic } from "../write-file.js";
import type { RegisterCommand } from "./register.js";

interface ReportFlags {
  format: string;
  out?: string;
  db?: string;
  top?: number;
}

export const registerReport: RegisterCommand = (program: Command) => {
  program
    .command("report")
    .description("render a stored or exported run: md, html, json, junit, csv (or console)")
    .argument("<runref>", "run id, latest, tag:NAME or an exported run file")
    .option("--format <format>", "md | html | json | junit | csv | console", "md")
    .option("--out <file>", "write to this file (default: stdout; html: reports/<run-id>.html)")
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--top <n>", "regressions shown with both outputs", positiveInt("--top"))
    .action(async (ref: string, flags: ReportFlags) => {
      const format = resolveReportFormat(flags.format);
      checkOutputPaths(flags);
      const input = await loadReportInput(ref, flags.db);
      const color = format === "console" && !flags.out && pc.isColorSupported && process.stdout.isTTY === true;
      const text = createReporter(format, { color, topRegressions: flags.top }).render(input);
      const out = flags.out ?? (format === "html" ? join("reports", `${input.runs[0]?.run.id ?? "run"}.html`) : undefined);
      if (out) {
        writeFileAtomic(out, text);
        process.stderr.write(`wrote ${out}\n`);
      } else process.stdout.write(text);
      if (format === "markdown") appendStepSummary(text);
    });
};

/** A run file is read directly (no database needed); anything else is resolved in the store. */
async function loadReportInput(ref: string, db: string | undefined): Promise<ReportInput> {
  if (isRunFileRef(ref)) return reportInputFromFile(readRunFile(ref));
  const store = await openStoreForRefs(db, [ref]);
  return withStore(store, async () => reportInputFromStore(store, await resolveRunArg(store, ref)));
}
