import type { Command } from "commander";
import { positiveNumber, stagePercents } from "../flags.js";
import type { RolloutCheckFlags, RolloutFlags } from "./rollout-action.js";
import type { RegisterCommand } from "./register.js";

/**
 * `evalgate rollout RUNREF` (the plan) and `evalgate rollout check ARTIFACT` (a stage's live
 * logs): their flags here; the actions (rollout-action.ts) load when they run.
 */
export const registerRollout: RegisterCommand = (program: Command, setExitCode) => {
  const rollout = program
    .command("rollout")
    .description("the rollout decision: verdict, segments, parity and a staged plan with the traffic each stage needs and its rollback rule")
    .argument("<runref>", "run id, latest, tag:NAME or an exported run file (the candidate run of its comparisons)")
    .option("--format <format>", "md | html | json (the versioned artifact `rollout check` reads)", "md")
    .option("--out <file>", "write to this file (default: stdout; html: reports/<run-id>.rollout.html)")
    .option("--comparison <id>", "only this comparison of the run (an id or a unique prefix)")
    .option("--stages <list>", "stages in percent of traffic on the candidate (default 1,10,50,100)", stagePercents)
    .option("--traffic-per-hour <n>", "requests per hour the feature gets: stage sizes become durations", positiveNumber("--traffic-per-hour"))
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .action(async (ref: string, flags: RolloutFlags) => {
      const { rolloutAction } = await import("./rollout-action.js");
      await rolloutAction(ref, flags);
    });
  rollout
    .command("check")
    .description("check a running stage: the canary's logs against the control's, always-valid; continue (0) / hold (4) / roll back (1)")
    .argument("<artifact>", "the rollout artifact (`evalgate rollout RUNREF --format json --out rollout.json`)")
    .requiredOption("--stage <percent>", "the stage running, as the plan lists it (e.g. 10)", positiveNumber("--stage"))
    .requiredOption("--treatment <file>", "the canary's logged exchanges (JSONL, the logged-exchange format)")
    .requiredOption("--control <file>", "the control's logged exchanges over the same period")
    .option("--comparison <id>", "the artifact's comparison to check (needed when it holds several)")
    .option("--latency-threshold-ms <ms>", "slow = slower than this (default: the eval baseline's p95, from the artifact)", positiveNumber("--latency-threshold-ms"))
    .option("--json", "print the figures as JSON")
    .action(async (artifact: string, _flags: RolloutCheckFlags, command: Command) => {
      const { rolloutCheckAction } = await import("./rollout-action.js");
      // `--comparison` is also the parent's option: commander gives it to the parent, so read both.
      setExitCode(await rolloutCheckAction(artifact, command.optsWithGlobals<RolloutCheckFlags>()));
    });
};
