import type { Command } from "commander";
import { LIMITS } from "../../core/limits.js";
import { parseShard } from "../../usecases/shard.js";
import { ALLOW_PATH_HELP, cacheMode, collectList, collectPaths, nonNegativeNumber, positiveInt } from "../flags.js";
import { collectReporter, REPORTER_HELP } from "../reporter-flags.js";
import type { RunFlags } from "./run-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate run SUITE…`: its flags here; what it does in run-action.ts, loaded when it runs (commands/index.ts). */
export const registerRun: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command("run")
    .description("run suites: every attempt sent, graded and stored; a summary per arm")
    .argument("<suite...>", "suite files")
    .option("--targets <ids>", "only these target ids (comma-separated)", collectList)
    .option("--repeat <n>", "attempts per case and arm (overrides the suite's repeat)", positiveInt("--repeat", LIMITS.repeat))
    .option("--concurrency <n>", "attempts in flight at once (default 16)", positiveInt("--concurrency"))
    .option("--tag <name>", "label the run (repeatable)", collectList)
    .option("--filter-tag <tag>", "only cases with this tag (repeatable)", collectList)
    .option("--sim", "send every target to the built-in simulator")
    .option("--sim-config <file>", "simulator behaviour (replaces the suite's sim: key)")
    .option("--allow-path <dir>", ALLOW_PATH_HELP, collectPaths)
    .option("--db <location>", "store: a path or sqlite:PATH, or memory: (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--filter-failing <runref>", "only the cases that failed or errored in that run")
    .option("--resume <runref>", "continue that interrupted run: its stored attempts are not sent again")
    .option("--max-cost <usd>", "stop before the run's spend would pass this many USD (overrides budget.max_cost)", nonNegativeNumber("--max-cost"))
    .option("--cache <mode>", "read: replay recorded responses (and record misses) · write: record every response · off", cacheMode)
    .option("--offline", "never call an endpoint: replay recorded responses; a miss is an attempt error")
    .option("--batch", "send the arms through the OpenAI Batch API: half the price, answered within 24 h, resumable (judges call live unless --batch-judges; docs/reliability.md)")
    .option("--batch-judges", "with --batch: send the batch arms' judge calls through the Batch API too, in waves after each batch returns")
    .option("--batch-size <n>", "with --batch: at most n requests per batch (default and most 50,000): smaller batches finish sooner and fit a budget sooner", positiveInt("--batch-size", 50_000))
    .option("--baseline <runref>", "also compare with this run (id, latest, tag:NAME or an exported run file)")
    .option("--shard <i/n>", "run shard i of n: the cases whose id hashes there, with 1/n of the budget and concurrency (docs/ci.md)", parseShard)
    .option("--run-id <id>", "the run's id (what every shard of one run shares; derived from GITHUB_RUN_ID in GitHub Actions)")
    .option("--reporter <name[=file]>", REPORTER_HELP, collectReporter)
    .option("--json <file>", "= --reporter json=FILE: the summary, the verdicts and every attempt as JSON")
    .option("--junit <file>", "= --reporter junit=FILE: JUnit XML (a testcase per case × arm and per gate)")
    .option("--markdown <file>", "= --reporter markdown=FILE (also appended to $GITHUB_STEP_SUMMARY when set)")
    .action(async (suites: string[], flags: RunFlags) => {
      // First, so the simulator's thread loads while this one loads the run's modules.
      const { spawnSimulatorEarly, takeEarlySimulator } = await import("../early-simulator.js");
      const simulator = takeEarlySimulator() ?? spawnSimulatorEarly(suites[0], flags);
      try {
        const { runAction } = await import("./run-action.js");
        setExitCode(await runAction(suites, flags, simulator));
      } finally {
        await simulator?.close();
      }
    });
};
