import { join } from "node:path";
import pc from "picocolors";
import { appendStepSummary, createReporter, resolveReportFormat, type ReportInput } from "../../report/index.js";
import { isRunFileRef, readRunFile, reportInputFromFile, reportInputFromStore, resolveRunArg } from "../../usecases/run-files.js";
import { openStoreForRefs, withStore } from "../../usecases/stores.js";
import { checkOutputPaths, writeFileAtomic } from "../write-file.js";

export interface ReportFlags {
  format: string;
  rolloutFormat?: string;
  stages?: number[];
  trafficPerHour?: number;
  comparison?: string;
  out?: string;
  db?: string;
  top?: number;
}

/** `evalgate report RUNREF`: one reporter's rendering of a run, to --out or stdout. */
export async function reportAction(ref: string, flags: ReportFlags): Promise<void> {
  if (flags.format.trim().toLowerCase() === "rollout") {
    const { rolloutAction } = await import("./rollout-action.js");
    return rolloutAction(ref, { ...flags, format: flags.rolloutFormat ?? "md" });
  }
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
}

/** A run file is read directly (no database needed); anything else is resolved in the store. */
async function loadReportInput(ref: string, db: string | undefined): Promise<ReportInput> {
  if (isRunFileRef(ref)) return reportInputFromFile(readRunFile(ref));
  const store = await openStoreForRefs(db, [ref]);
  return withStore(store, async () => reportInputFromStore(store, await resolveRunArg(store, ref)));
}
