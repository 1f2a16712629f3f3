import type { Command } from "commander";
import { positiveInt } from "../flags.js";
import type { ReportFlags } from "./report-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate report RUNREF`: its flags here; the action (report-action.ts) loads when it runs. */
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
      const { reportAction } = await import("./report-action.js");
      await reportAction(ref, flags);
    });
};
