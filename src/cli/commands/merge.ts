import type { Command } from "commander";
import { collectReporter, REPORTER_HELP } from "../reporter-flags.js";
import type { MergeFlags } from "./merge-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate merge A.db B.db … --into DB`: its flags here; the action (merge-action.ts) loads when it runs. */
export const registerMerge: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command("merge")
    .description("fold the stores of a run's shards (run --shard i/n) into one run, then its verdict (exit 0 PASS, 1 FAIL, 4 INCONCLUSIVE or partial)")
    .argument("<shards...>", "shard stores: SQLite files (or postgres:// URLs) that `run --shard` wrote")
    .requiredOption("--into <location>", "the store to merge into: a SQLite file or a postgres:// URL")
    .option("--reporter <name[=file]>", REPORTER_HELP, collectReporter)
    .option("--json <file>", "= --reporter json=FILE")
    .option("--junit <file>", "= --reporter junit=FILE")
    .option("--markdown <file>", "= --reporter markdown=FILE (also appended to $GITHUB_STEP_SUMMARY when set)")
    .action(async (shards: string[], flags: MergeFlags) => {
      const { mergeAction } = await import("./merge-action.js");
      setExitCode(await mergeAction(shards, flags));
    });
};
