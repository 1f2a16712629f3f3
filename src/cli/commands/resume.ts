import { existsSync, readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { EvalgateError } from "../../core/index.js";
import { CACHE_MODES, type CacheMode } from "../../runner/index.js";
import { nonNegativeNumber, positiveInt } from "../flags.js";
import { formatBudget, prepareResume } from "../reliability.js";
import type { RunSuiteOptions, RunSuiteResult } from "../run-suite.js";
import { openStoreForRefs, resolveRunArg } from "../runref.js";
import type { RegisterCommand } from "./index.js";
import { checkOutputPaths } from "../write-file.js";
import { ALLOW_PATH_HELP, collectPaths, exitCodeFor, interruptOnSigint, runOne, type RunFlags } from "./run.js";

export function cacheMode(value: string): CacheMode {
  if ((CACHE_MODES as readonly string[]).includes(value)) return value as CacheMode;
  throw new EvalgateError("BAD_FLAG", `--cache must be one of ${CACHE_MODES.join(", ")}, got '${value}'`, {
    hint: "--cache write records responses, --cache read replays them (CI re-grading without paid calls)",
  });
}

/**
 * The run options for `--resume`, `--max-cost`, `--cache` and `--offline`. A resumed run is
 * planned as it was first planned (its stored targets, repeat and filters override the flags
 * given now), so the attempts it already stored are exactly the ones skipped.
 */
export function reliabilityOptions(flags: RunFlags): Partial<RunSuiteOptions> {
  const base: Partial<RunSuiteOptions> = {
    ...(flags.maxCost !== undefined ? { maxCost: flags.maxCost } : {}),
    ...(flags.cache ? { cache: flags.cache } : {}),
    ...(flags.offline ? { offline: true } : {}),
  };
  if (!flags.resume) return base;
  const store = openStoreForRefs(flags.db, [flags.resume]);
  try {
    const prepared = prepareResume(store, resolveRunArg(store, flags.resume));
    const plan = prepared.plan;
    const everyArmSimulated = prepared.run.arms.every((a) => a.simulated);
    return {
      ...base,
      resume: prepared.resume,
      targets: plan ? plan.targets : [...new Set(prepared.run.arms.map((a) => a.targetId))],
      repeat: plan?.repeat,
      filterTags: plan?.filterTags,
      filterFailing: plan?.filterFailing,
      sim: plan ? plan.sim : everyArmSimulated || undefined,
      simConfigFile: plan?.simConfigFile ?? flags.simConfig,
      tags: prepared.run.tags,
    };
  } finally {
    store.close();
  }
}

/** What a run that did not complete says: what it spent, and how to continue it. */
export function reportRunEnd(result: RunSuiteResult): void {
  const notSent = result.counts.planned - result.counts.skipped - result.counts.finished;
  for (const line of result.rateLimits ?? []) process.stderr.write(`${line}\n`);
  if (result.counts.skipped > 0) {
    process.stderr.write(`resumed run ${result.run.id}: ${result.counts.skipped} attempts already stored, ${result.counts.finished} run now\n`);
  }
  if (result.budget) process.stderr.write(`${formatBudget(result.budget, result.run.status === "budget-stopped" ? notSent : 0)}\n`);
  if (result.run.status === "budget-stopped") {
    process.stderr.write(`run ${result.run.id} stopped before its budget; continue it with a larger one: evalgate resume ${result.run.id} --max-cost <USD>\n`);
  } else if (result.run.status === "interrupted") {
    process.stderr.write(`run ${result.run.id} interrupted with ${notSent} attempts not run; continue it: evalgate resume ${result.run.id}\n`);
  }
}

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
}

/** `evalgate resume RUNREF`: `evalgate run <its suite file> --resume RUNREF`. */
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
    .option("--db <path>", "database (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--json <file>", "write the summary, the verdicts and every attempt as JSON")
    .option("--junit <file>", "write JUnit XML")
    .option("--markdown <file>", "write Markdown")
    .action(async (ref: string, flags: ResumeFlags) => {
      checkOutputPaths(flags);
      const scope = flags.suite === undefined ? undefined : suiteScope(flags.suite);
      const { runId, file } = runToResume(ref, flags.db, scope);
      const controller = interruptOnSigint();
      try {
        const result = await runOne(file, { ...flags, resume: runId }, controller.signal);
        setExitCode(exitCodeFor(result));
      } finally {
        controller.dispose();
      }
    });
};

/** `--suite`: a suite file (its `name:` scopes `latest` and `tag:`), else a suite name. */
function suiteScope(value: string): { name: string; file?: string } {
  if (!existsSync(value) || !statSync(value).isFile()) return { name: value };
  let name: unknown;
  try {
    name = (parseYaml(readFileSync(value, "utf8")) as { name?: unknown } | null)?.name;
  } catch {
    name = undefined;
  }
  return typeof name === "string" ? { name, file: value } : { name: value, file: value };
}

/** The run a RUNREF names — `latest` and `tag:` within the --suite when given — and its suite file. */
function runToResume(ref: string, db: string | undefined, scope: { name: string; file?: string } | undefined): { runId: string; file: string } {
  const store = openStoreForRefs(db, [ref]);
  try {
    const run = resolveRunArg(store, ref, scope ? { suite: scope.name } : {});
    if (scope?.file) return { runId: run.id, file: scope.file };
    const source = store.getSuiteSource(run.suiteHash) as { file?: unknown } | undefined;
    const file = typeof source?.file === "string" ? source.file : undefined;
    if (!file) {
      throw new EvalgateError("RESUME_MISMATCH", `run ${run.id} has no stored suite file path`, { hint: "give it: evalgate resume RUNREF --suite path/to/suite.yaml" });
    }
    return { runId: run.id, file };
  } finally {
    store.close();
  }
}
