import type { Command } from "commander";
import { EvalgateError, LIMITS, type Run } from "../../core/index.js";
import pc from "picocolors";
import { appendStepSummary, createReporter, verdictExitCode, type ReportInput } from "../../report/index.js";
import { buildRunReport } from "../../report/run-report.js";
import { formatRunSummary } from "../../report/run-summary.js";
import { collectList, nonNegativeNumber, positiveInt } from "../flags.js";
import { runSuite, type RunSuiteResult } from "../run-suite.js";
import { checkOutputPaths, writeFileAtomic } from "../write-file.js";
import { openSqliteStore } from "../../store/index.js";
import type { RegisterCommand } from "./index.js";
import { cacheMode, reliabilityOptions, reportRunEnd } from "./resume.js";
import type { CacheMode } from "../../runner/index.js";

export interface RunFlags {
  targets?: string[];
  repeat?: number;
  concurrency?: number;
  tag?: string[];
  filterTag?: string[];
  sim?: boolean;
  simConfig?: string;
  db?: string;
  json?: string;
  junit?: string;
  markdown?: string;
  baseline?: string;
  filterFailing?: string;
  resume?: string;
  maxCost?: number;
  cache?: CacheMode;
  offline?: boolean;
  allowPath?: string[];
}

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
    .option("--db <path>", "database (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--filter-failing <runref>", "only the cases that failed or errored in that run")
    .option("--resume <runref>", "continue that interrupted run: its stored attempts are not sent again")
    .option("--max-cost <usd>", "stop before the run's spend would pass this many USD (overrides budget.max_cost)", nonNegativeNumber("--max-cost"))
    .option("--cache <mode>", "read: replay recorded responses (and record misses) · write: record every response · off", cacheMode)
    .option("--offline", "never call an endpoint: replay recorded responses; a miss is an attempt error")
    .option("--baseline <runref>", "also compare with this run (id, latest, tag:NAME or an exported run file)")
    .option("--json <file>", "write the summary, the verdicts and every attempt as JSON")
    .option("--junit <file>", "write JUnit XML (a testcase per case × arm and per gate)")
    .option("--markdown <file>", "write Markdown (also appended to $GITHUB_STEP_SUMMARY when set)")
    .action(async (suites: string[], flags: RunFlags) => {
      checkOutputPaths(flags);
      const controller = interruptOnSigint();
      try {
        let worst = 0;
        for (const file of suites) {
          const result = await runOne(file, flags, controller.signal);
          worst = Math.max(worst, exitCodeFor(result));
        }
        setExitCode(worst);
      } finally {
        controller.dispose();
      }
    });
};

export const ALLOW_PATH_HELP = "let the suite read files below this folder too (repeatable; default: its project root only)";

/** Repeatable, one folder each (a folder name may hold a comma). */
export function collectPaths(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export async function runOne(file: string, flags: RunFlags, signal: AbortSignal): Promise<RunSuiteResult> {
  const result = await runSuite(file, {
    targets: flags.targets,
    repeat: flags.repeat,
    concurrency: flags.concurrency,
    tags: flags.tag,
    filterTags: flags.filterTag,
    sim: flags.sim,
    simConfigFile: flags.simConfig,
    ...(flags.allowPath ? { allowPaths: flags.allowPath } : {}),
    dbPath: flags.db,
    baseline: flags.baseline,
    filterFailing: flags.filterFailing,
    ...reliabilityOptions(flags),
    signal,
    progress: { tty: process.stderr.isTTY === true && !process.env.CI, write: (t) => process.stderr.write(t) },
    onPlan: (plan) => {
      for (const arm of plan.arms) for (const w of arm.warnings) process.stderr.write(`warning: ${arm.arm}: ${w}\n`);
      process.stderr.write(`${file}: ${plan.arms.length} arms, ${plan.attempts.length} attempts\n`);
    },
  });
  process.stdout.write(`${formatRunSummary(result)}\n`);
  reportRunEnd(result);
  const wantsReports = flags.json || flags.junit || flags.markdown || process.env.GITHUB_STEP_SUMMARY;
  if (result.comparisons.length === 0 && !wantsReports) return result;
  const input = reportInput(result);
  if (result.comparisons.length > 0) {
    const color = pc.isColorSupported && process.stdout.isTTY === true;
    process.stdout.write(`\n${createReporter("console", { color }).render(input)}`);
  }
  if (wantsReports) writeReports(flags, input);
  return result;
}

/** The run as the reporters see it: its attempts (no raw payloads), cases and verdicts. */
function reportInput(result: RunSuiteResult): ReportInput {
  const store = openSqliteStore(result.dbPath, { readonly: true });
  try {
    const section = (run: Run) =>
      buildRunReport(run, store.listAttempts(run.id, { limit: Number.MAX_SAFE_INTEGER, offset: 0 }).attempts, store.getCases(run.id));
    // A --baseline run is not reported as a run, but its outputs show beside the regressions.
    const baselineIds = new Set(result.comparisons.map((c) => c.baselineRunId).filter((id) => id !== result.run.id));
    const related = [...baselineIds].flatMap((id) => {
      const run = store.getRun(id);
      return run ? [section(run)] : [];
    });
    return { runs: [section(result.run)], comparisons: result.comparisons, related };
  } finally {
    store.close();
  }
}

/** --json, --junit, --markdown (and the GitHub step summary) for the run and its verdicts. */
function writeReports(flags: RunFlags, input: ReportInput): void {
  if (flags.json) writeFileAtomic(flags.json, createReporter("json").render(input));
  if (flags.junit) writeFileAtomic(flags.junit, createReporter("junit").render(input));
  const markdown = createReporter("markdown").render(input);
  if (flags.markdown) writeFileAtomic(flags.markdown, markdown);
  appendStepSummary(markdown);
}

export function exitCodeFor(result: RunSuiteResult): number {
  if (result.run.status === "failed") {
    const first = result.firstError ? `; the first: ${result.firstError}` : "";
    throw new EvalgateError("ALL_ATTEMPTS_FAILED", `every attempt of run ${result.run.id} errored${first}`, {
      hint: "check the endpoint, the API key and the errors stored with the attempts (evalgate report)",
    });
  }
  // Stopped by Ctrl-C: the shell's convention (128 + SIGINT), so scripts see it did not finish.
  if (result.run.status === "interrupted") return 130;
  const verdict = verdictExitCode(result.comparisons);
  // A budget-stopped run is incomplete: a PASS on part of the cases is not evidence enough
  // to ship (exit 4, resume with a larger budget); a FAIL seen on part of them still fails.
  if (result.run.status === "budget-stopped" && verdict === 0) return 4;
  return verdict;
}

/**
 * First Ctrl-C or SIGTERM: stop sending, let in-flight attempts settle, mark the run
 * `interrupted` (exit 130 either way, so `evalgate resume` continues it). Second: leave at once.
 */
export function interruptOnSigint(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  let count = 0;
  const onSignal = (name: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      process.stderr.write(`\ninterrupted${name === "SIGTERM" ? " (SIGTERM)" : ""}: finishing attempts in flight (Ctrl-C again to quit now)\n`);
      controller.abort();
    } else {
      process.exit(130);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
