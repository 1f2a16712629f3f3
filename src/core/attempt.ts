import type { AttemptError, Cost, Output } from "./output.js";

/** Attempt identity is deterministic: (run, case id, arm, repeat). docs/design/architecture.md §8, §12. */
export interface AttemptKey {
  runId: string;
  caseId: string;
  /** `prompt@target` */
  arm: string;
  /** 0-based repeat index. */
  repeat: number;
}

/** One grader's verdict on one attempt. */
export interface Score {
  /** The grader's name: its `name` in the suite, else its type (and path). */
  grader: string;
  type: string;
  /** 0..1, or null when unscored (skipped, or a judge error). */
  value: number | null;
  pass: boolean;
  /** Human reason: what was expected and what came. */
  reason: string;
  /** Share of the attempt's score; 0 = informational. */
  weight: number;
  /** Tokens and cost a model-graded grader spent (kept apart from the arm's). */
  judgeCost?: { usd: number | null; inputTokens: number; outputTokens: number };
}

export type AttemptStatus = "ok" | "error";

export interface Attempt extends AttemptKey {
  status: AttemptStatus;
  output: Output | null;
  error: AttemptError | null;
  /** How many requests were sent, retries included. */
  tries: number;
  cost: Cost;
  scores: Score[];
  /** Weighted mean of the scored graders; null when the attempt errored or nothing scored. */
  score: number | null;
  /** Every weighted grader passed; null when the attempt errored. */
  pass: boolean | null;
  startedAt: string;
  finishedAt: string;
  /** Served from the response cache instead of the endpoint. */
  replayed: boolean;
  /** Answered by the built-in simulator. */
  simulated: boolean;
}

/**
 * The latency an attempt counts for in every latency figure (docs/verdict.md): its output's
 * total (the simulator's modelled latency on a simulated attempt), or, when our timeout ended
 * it, the timeout — kept, censored there, so a candidate whose slowest attempts time out does
 * not look faster. Null for other errors, and for an attempt a batch answered (nothing timed it).
 */
export function attemptLatencyMs(a: Pick<Attempt, "output" | "error">): number | null {
  if (a.output) return a.output.batch ? null : a.output.latency.totalMs;
  return a.error?.kind === "timeout" && a.error.timeoutMs !== undefined ? a.error.timeoutMs : null;
}

/** The one grouping of attempts (or anything with an arm) by arm, in first-seen order. */
export function groupByArm<T extends { arm: string }>(items: Iterable<T>): Map<string, T[]> {
  const byArm = new Map<string, T[]>();
  for (const item of items) {
    const list = byArm.get(item.arm);
    if (list) list.push(item);
    else byArm.set(item.arm, [item]);
  }
  return byArm;
}
