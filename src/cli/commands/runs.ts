import type { Command } from "commander";
import { positiveInt } from "../flags.js";
import type { RunsFlags } from "./runs-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate runs`: its flags here; the action (runs-action.ts) loads when it runs. */
export const registerRuns: RegisterCommand = (program: Command) => {
  program
    .command("runs")
    .description("list stored runs, newest first")
    .option("--suite <name>", "only runs of this suite")
    .option("--tag <name>", "only runs with this tag")
    .option("--limit <n>", "at most this many runs (default 20)", positiveInt("--limit"))
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--json", "print the runs and their per-arm figures as JSON")
    .action(async (flags: RunsFlags) => {
      const { runsAction } = await import("./runs-action.js");
      await runsAction(flags);
    });
};
