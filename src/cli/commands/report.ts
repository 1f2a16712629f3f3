import type { Command } from "commander";
import { positiveInt, positiveNumber, stagePercents } from "../flags.js";
import type { ReportFlags } from "./report-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate report RUNREF`: its flags here; the action (report-action.ts) loads when it runs. */
export const registerReport: RegisterCommand = (program: Command) => {
  program
    .command("report")
    .description("render a stored or exported run: md, html, json, junit, csv (or console)")
    .argument("<runref>", "run id, latest, tag:NAME or an exported run file")
    .option("--format <format>", "md | html | json | junit | csv | console, or rollout (the rollout plan: docs/rollout.md)", "md")
    .option("--rollout-format <format>", "with --format rollout: md | html | json", "md")
    .option("--stages <list>", "with --format rollout: stages in percent (default 1,10,50,100)", stagePercents)
    .option("--traffic-per-hour <n>", "with --format rollout: requests per hour, for stage durations", positiveNumber("--traffic-per-hour"))
    .option("--comparison <id>", "with --format rollout: only this comparison")
    .option("--out <file>", "write to this file (default: stdout; html: reports/<run-id>.html)")
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--top <n>", "regressions shown with both outputs", positiveInt("--top"))
    .action(async (ref: string, flags: ReportFlags) => {
      const { reportAction } = await import("./report-action.js");
      await reportAction(ref, flags);
    });
};
