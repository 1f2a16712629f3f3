import { formatUsd } from "../core/index.js";
import type { BudgetState } from "../runner/index.js";
import type { RunSuiteResult } from "../usecases/index.js";

/** "budget: spent $0.0123 of $0.0500, $0.0377 remains; 212 attempts not sent". */
export function formatBudget(state: BudgetState, notSent: number): string {
  const tail = notSent > 0 ? `; ${notSent} attempt${notSent === 1 ? "" : "s"} not sent` : "";
  return `budget: spent ${formatUsd(state.spentUsd)} of ${formatUsd(state.maxUsd)}, ${formatUsd(state.remainingUsd)} remains${tail}`;
}

/** "rate limits: 231 × 429 from http://…/v1; concurrency lowered to 2, ended at 9 (of 32)". */
export function formatThrottles(stats: NonNullable<RunSuiteResult["rateLimits"]>): string[] {
  return stats.map((s) => `rate limits: ${s.rateLimits} × 429 from ${s.endpoint}; concurrency lowered to ${s.lowestLimit}, ended at ${s.limit} (of ${s.maxConcurrency})`);
}

/** What a run that did not complete says: what it spent, and how to continue it. */
export function reportRunEnd(result: RunSuiteResult): void {
  const notSent = result.counts.planned - result.counts.skipped - result.counts.finished;
  for (const line of formatThrottles(result.rateLimits ?? [])) process.stderr.write(`${line}\n`);
  if (result.counts.skipped > 0) {
    process.stderr.write(`resumed run ${result.run.id}: ${result.counts.skipped} attempts already stored, ${result.counts.finished} run now\n`);
  }
  if (result.budget) process.stderr.write(`${formatBudget(result.budget, result.run.status === "budget-stopped" ? notSent : 0)}\n`);
  if (result.run.status === "budget-stopped") {
    process.stderr.write(`run ${result.run.id} stopped before its budget; continue it with a larger one: evalgate resume ${result.run.id} --max-cost <USD>\n`);
    // A batch chunk is held to the budget whole, at every attempt's worst case (docs/reliability.md "Batch runs").
    if (result.batch) process.stderr.write("  a batch is checked against the budget whole, at each attempt's worst case: a max_output_tokens on the targets lowers it\n");
  } else if (result.run.status === "interrupted") {
    process.stderr.write(`run ${result.run.id} interrupted with ${notSent} attempts not run; continue it: evalgate resume ${result.run.id}\n`);
  }
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
