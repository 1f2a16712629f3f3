import type { Command } from "commander";
import { ALLOW_PATH_HELP, cacheMode, collectPaths, nonNegativeNumber, positiveInt } from "../flags.js";
import { collectReporter, REPORTER_HELP } from "../reporter-flags.js";
import type { ResumeFlags } from "./resume-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate resume RUNREF`: its flags here; the action (resume-action.ts) loads when it runs. */
export const registerResume: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command("resume")
    .description("continue an interrupted (or budget-stopped) run: attempts already stored are never sent again")
    .argument("<runref>", "the run: an id (or prefix), latest, or tag:NAME")
    .option("--suite <file|name>", "the suite: a file (when it moved since the run started; it must be unchanged) or a suite name; `latest` and `tag:` then mean that suite's")
    .option("--concurrency <n>", "attempts in flight at once (default 16)", positiveInt("--concurrency"))
    .option("--max-cost <usd>", "the run's budget in USD, spend so far included (overrides budget.max_cost)", nonNegativeNumber("--max-cost"))
    .option("--cache <mode>", "read · write · off, as for run", cacheMode)
    .option("--offline", "never call an endpoint: replay recorded responses; a miss is an attempt error")
    .option("--allow-path <dir>", ALLOW_PATH_HELP, collectPaths)
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--reporter <name[=file]>", REPORTER_HELP, collectReporter)
    .option("--json <file>", "= --reporter json=FILE")
    .option("--junit <file>", "= --reporter junit=FILE")
    .option("--markdown <file>", "= --reporter markdown=FILE")
    .action(async (ref: string, flags: ResumeFlags) => {
      const { resumeAction } = await import("./resume-action.js");
      setExitCode(await resumeAction(ref, flags));
    });
};
