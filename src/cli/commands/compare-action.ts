import { verdictExitCode } from "../../report/index.js";
import { compareRuns } from "../../usecases/compare-runs.js";
import { openStoreForRefs, withStore } from "../../usecases/stores.js";
import { reporterSpecs, type ReporterSpec } from "../reporter-flags.js";
import { checkReporters, writeReports } from "../reporters.js";

export interface CompareFlags {
  arm?: string[];
  db?: string;
  json?: string;
  junit?: string;
  markdown?: string;
  reporter?: ReporterSpec[];
  top?: number;
}

/** `evalgate compare BASE CAND`: the library's compareRuns, printed and reported; returns 0/1/4 by verdict. */
export async function compareAction(baseRef: string, candRef: string, flags: CompareFlags): Promise<number> {
  const specs = reporterSpecs(flags);
  await checkReporters(specs);
  const store = await openStoreForRefs(flags.db, [baseRef, candRef]);
  return withStore(store, async () => {
    const input = await compareRuns(store, baseRef, candRef, { arms: flags.arm ?? [] });
    await writeReports(input, specs, { console: true, topRegressions: flags.top });
    return verdictExitCode(input.comparisons);
  });
}
