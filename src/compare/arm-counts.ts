import { attemptLatencyMs, type Attempt, type Output } from "../core/index.js";

/** Attempt counts of one arm over the paired cases: errors, finish reasons, refusals, schema validity, cost. */
export interface ArmCounts {
  attempts: number;
  errors: number;
  /** Finish reason of each attempt with output; an errored attempt counts under `error`. */
  finishReasons: Record<string, number>;
  refusals: number;
  /** json-schema grader passes over the attempts it scored; null when it scored none. */
  schemaValidity: number | null;
  /** Sum of the attempts' USD (an errored attempt costs 0); null when any price is unknown. */
  totalCost: number | null;
  replayed: number;
  /** Answered by a Batch API job: no latency was measured. */
  batched: number;
  /** Latency of attempts actually sent (core attemptLatencyMs: timeouts censored at the timeout; replayed ones left out). */
  latencies: number[];
  ttfts: number[];
}

export function countArm(attempts: readonly Attempt[]): ArmCounts {
  const finishReasons: Record<string, number> = {};
  let errors = 0;
  let refusals = 0;
  let schemaScored = 0;
  let schemaPassed = 0;
  let totalCost: number | null = 0;
  let replayed = 0;
  let batched = 0;
  const latencies: number[] = [];
  const ttfts: number[] = [];
  for (const a of attempts) {
    const finish = a.status === "error" || !a.output ? "error" : a.output.finish;
    finishReasons[finish] = (finishReasons[finish] ?? 0) + 1;
    if (a.status === "error") errors += 1;
    if (a.output && isRefusal(a.output)) refusals += 1;
    for (const s of a.scores) {
      if (s.type !== "json-schema" || s.value === null) continue;
      schemaScored += 1;
      if (s.pass) schemaPassed += 1;
    }
    const cost = attemptCost(a);
    totalCost = totalCost === null || cost === null ? null : totalCost + cost;
    const latency = attemptLatencyMs(a);
    if (a.output?.batch) batched += 1;
    if (a.replayed) replayed += 1;
    else if (latency !== null) {
      latencies.push(latency);
      if (a.output && a.output.latency.ttftMs !== null) ttfts.push(a.output.latency.ttftMs);
    }
  }
  return {
    attempts: attempts.length,
    errors,
    finishReasons,
    refusals,
    schemaValidity: schemaScored === 0 ? null : schemaPassed / schemaScored,
    totalCost,
    replayed,
    batched,
    latencies,
    ttfts,
  };
}

/** The one definition of a refusal: the output's `refusal`, or finish `refusal`. */
export function isRefusal(output: Pick<Output, "refusal" | "finish">): boolean {
  return output.refusal !== null || output.finish === "refusal";
}

/** USD of one attempt: an errored attempt produced nothing billable here (as in the run summary). */
export function attemptCost(a: Attempt): number | null {
  return a.status === "error" ? 0 : a.cost.usd;
}
