import type { Command } from "commander";
import { verdictExitCode } from "../../report/index.js";
import { compareRuns, openStoreForRefs, withStore } from "../../usecases/index.js";
import { positiveInt } from "../flags.js";
import { checkReporters, collectReporter, REPORTER_HELP, reporterSpecs, writeReports, type ReporterSpec } from "../reporters.js";
import type { RegisterCommand } from "./register.js";

interface CompareFlags {
  arm?: string[];
  db?: string;
  json?: string;
  junit?: string;
  markdown?: string;
  reporter?: ReporterSpec[];
  top?: number;
}

/** `evalgate compare BASE CAND`: the library's compareRuns, printed and reported; exit 0/1/4 by verdict. */
export const registerCompare: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command("compare")
    .description("the verdict for a baseline run against a candidate run (exit 0 PASS, 1 FAIL, 4 INCONCLUSIVE)")
    .argument("<base>", "baseline RUNREF: run id, latest, tag:NAME or an exported run file")
    .argument("<cand>", "candidate RUNREF")
    .option("--arm <base=cand>", "pair these arms (prompt@target or a target id; repeatable); default: equal arm ids", (v: string, prev: string[] = []) => [...prev, v])
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--reporter <name[=file]>", REPORTER_HELP, collectReporter)
    .option("--json <file>", "= --reporter json=FILE")
    .option("--junit <file>", "= --reporter junit=FILE (a testcase per case × arm and per gate)")
    .option("--markdown <file>", "= --reporter markdown=FILE (also appended to $GITHUB_STEP_SUMMARY when set)")
    .option("--top <n>", "regressions shown with both outputs (default 5)", positiveInt("--top"))
    .action(async (baseRef: string, candRef: string, flags: CompareFlags) => {
      const specs = reporterSpecs(flags);
      await checkReporters(specs);
      const store = await openStoreForRefs(flags.db, [baseRef, candRef]);
      await withStore(store, async () => {
        const input = await compareRuns(store, baseRef, candRef, { arms: flags.arm ?? [] });
        await writeReports(input, specs, { console: true, topRegressions: flags.top });
        setExitCode(verdictExitCode(input.comparisons));
      });
    });
};
