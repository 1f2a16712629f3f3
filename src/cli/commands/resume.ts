import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import type { CacheMode } from "../../runner/index.js";
import { openStoreForRefs, resumeRun } from "../../usecases/index.js";
import { nonNegativeNumber, positiveInt } from "../flags.js";
import { checkReporters, collectReporter, REPORTER_HELP, reporterSpecs, type ReporterSpec } from "../reporters.js";
import { cacheMode, interruptOnSigint } from "../run-output.js";
import type { RegisterCommand } from "./register.js";
import { ALLOW_PATH_HELP, collectPaths, commonRunOptions, exitCodeFor, printRunResult } from "./run.js";

interface ResumeFlags {
  db?: string;
  allowPath?: string[];
  suite?: string;
  concurrency?: number;
  maxCost?: number;
  cache?: CacheMode;
  offline?: boolean;
  json?: string;
  junit?: string;
  markdown?: string;
  reporter?: ReporterSpec[];
}

/** `evalgate resume RUNREF`: the library's resumeRun, its summary and reports as `run` prints them. */
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
      const specs = reporterSpecs(flags);
      await checkReporters(specs);
      // --suite names a file when one is there, else a suite.
      const isFile = flags.suite !== undefined && existsSync(flags.suite) && statSync(flags.suite).isFile();
      const store = await openStoreForRefs(flags.db, [ref]);
      const controller = interruptOnSigint();
      try {
        const common = commonRunOptions(flags.suite ?? ref, flags, controller.signal);
        const result = await resumeRun(ref, { ...common, store, dbPath: flags.db, ...(isFile ? { suiteFile: flags.suite } : flags.suite !== undefined ? { suite: flags.suite } : {}) });
        await printRunResult(result, store, specs);
        setExitCode(exitCodeFor(result));
      } finally {
        controller.dispose();
        await store.close();
      }
    });
};
