import type { ReportInput, RunReport } from "../report/index.js";
import type { Store } from "../store/index.js";
import type { RunSuiteResult } from "./run-suite.js";
import { storedRunReport } from "./run-files.js";

/**
 * A finished run as the reporters see it, read from the store it was written to (the same
 * open store: nothing is opened again): its attempts (no raw payloads), cases, the store's
 * arm summaries and its verdicts, with any --baseline run beside it for the regressions.
 */
export async function runReportInput(store: Store, result: RunSuiteResult): Promise<ReportInput> {
  const baselineIds = new Set(result.comparisons.map((c) => c.baselineRunId).filter((id) => id !== result.run.id));
  const related: RunReport[] = [];
  for (const id of baselineIds) {
    const run = await store.getRun(id);
    if (run) related.push(await storedRunReport(store, run));
  }
  return { runs: [await storedRunReport(store, result.run)], comparisons: result.comparisons, related };
}
