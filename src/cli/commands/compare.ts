import type { Command } from "commander";
import { positiveInt } from "../flags.js";
import { collectReporter, REPORTER_HELP } from "../reporter-flags.js";
import type { CompareFlags } from "./compare-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate compare BASE CAND`: its flags here; the action (compare-action.ts) loads when it runs. */
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
      const { compareAction } = await import("./compare-action.js");
      setExitCode(await compareAction(baseRef, candRef, flags));
    });
};
