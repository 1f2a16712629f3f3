import type { Attempt } from "../core/index.js";

/**
 * Why an attempt failed or errored, said once (docs/reports.md "The dominant failure cause"):
 * one classification for the run summary, `run`'s all-errored message and the reports. The
 * causes are ranked so the most telling one wins: an error, then a cut output (the reasoning
 * having spent the cap, or not), a refusal, the content filter, a tool loop that did not end
 * in an answer, an output off its schema, else the first failing grader.
 */
export interface FailureCause {
  /** Groups attempts: the same key, the same cause. */
  key: string;
  /** "errored", "incomplete", "refused", "failed": what the attempts did. */
  verb: string;
  /** What happened, e.g. "max_output_tokens reached during reasoning". */
  detail: string;
}

/** The reasoning spent the output cap when it left no visible output. */
export const REASONING_CAP_DETAIL = "max_output_tokens reached during reasoning";
export const OUTPUT_CAP_DETAIL = "max_output_tokens reached";

const MESSAGE_CHARS = 160;

/** The cause of a failed or errored attempt; null for one that passed. */
export function failureCause(a: Attempt): FailureCause | null {
  if (a.status === "error" || !a.output) {
    const kind = a.error?.kind ?? "unknown";
    const message = (a.error?.message ?? "no output").replace(/\s+/g, " ").trim();
    const detail = `${kind}: ${message.length > MESSAGE_CHARS ? `${message.slice(0, MESSAGE_CHARS - 1)}…` : message}`;
    return { key: `error:${detail}`, verb: "errored", detail };
  }
  if (a.pass !== false) return null;
  const o = a.output;
  if (o.finish === "length") {
    const usage = o.usage;
    const visible = usage ? usage.outputTokens - usage.reasoningTokens : null;
    const duringReasoning = usage !== null && usage.reasoningTokens > 0 && (visible === 0 || (o.text.trim() === "" && o.toolCalls.length === 0));
    const detail = duringReasoning ? REASONING_CAP_DETAIL : OUTPUT_CAP_DETAIL;
    return { key: `length:${detail}`, verb: "incomplete", detail };
  }
  if (o.refusal !== null || o.finish === "refusal") return { key: "refusal", verb: "refused", detail: "the model refused" };
  if (o.finish === "content_filter") return { key: "content_filter", verb: "stopped", detail: "the content filter ended the output" };
  if (o.trajectory && o.trajectory.end !== "answer") {
    const detail = o.trajectory.end === "max_steps" ? `the tool loop reached max_steps ${o.trajectory.maxSteps} without an answer` : "the tool loop called an unknown tool";
    return { key: `loop:${o.trajectory.end}`, verb: "failed", detail };
  }
  const failing = a.scores.filter((s) => !s.pass && s.weight > 0);
  if (o.jsonError !== undefined || failing.some((s) => s.type === "json-schema")) {
    return { key: "schema", verb: "failed", detail: "the output does not match the output schema" };
  }
  const first = failing[0];
  if (first) return { key: `grader:${first.grader}`, verb: "failed", detail: `grader ${first.grader}` };
  return { key: "unknown", verb: "failed", detail: "no failing grader recorded" };
}

export interface CauseCount {
  cause: FailureCause;
  count: number;
}

/** The failures of one arm (or a whole run), their causes most common first. */
export interface FailureSummary {
  arm: string;
  attempts: number;
  failures: number;
  causes: CauseCount[];
}

/** Counts causes over a stream of attempts, per arm; `total(arm)` gives each arm's attempt count (failures or not). */
export function createFailureTally() {
  const byArm = new Map<string, Map<string, CauseCount>>();
  return {
    add(a: Attempt): void {
      const cause = failureCause(a);
      if (!cause) return;
      let causes = byArm.get(a.arm);
      if (!causes) byArm.set(a.arm, (causes = new Map()));
      const seen = causes.get(cause.key);
      if (seen) seen.count += 1;
      else causes.set(cause.key, { cause, count: 1 });
    },
    summaries(totals: ReadonlyMap<string, number>): FailureSummary[] {
      return [...totals].map(([arm, attempts]) => summaryOf(arm, attempts, [...(byArm.get(arm)?.values() ?? [])]));
    },
  };
}

function summaryOf(arm: string, attempts: number, counts: CauseCount[]): FailureSummary {
  const causes = [...counts].sort((x, y) => y.count - x.count || (x.cause.key < y.cause.key ? -1 : 1));
  return { arm, attempts, failures: causes.reduce((s, c) => s + c.count, 0), causes };
}

/** The arms together, as one summary (`run`'s message when every attempt errored). */
export function combineFailures(summaries: readonly FailureSummary[], arm = "run"): FailureSummary {
  const merged = new Map<string, CauseCount>();
  for (const s of summaries) {
    for (const c of s.causes) {
      const seen = merged.get(c.cause.key);
      if (seen) seen.count += c.count;
      else merged.set(c.cause.key, { ...c });
    }
  }
  return summaryOf(arm, summaries.reduce((s, x) => s + x.attempts, 0), [...merged.values()]);
}

/** The cause most failures share, when more than half of them do; null otherwise. */
export function dominantCause(s: FailureSummary): CauseCount | null {
  const top = s.causes[0];
  return top && top.count * 2 > s.failures ? top : null;
}

/** "240 of 240 attempts incomplete: max_output_tokens reached during reasoning". */
export function describeCause(c: CauseCount, attempts: number): string {
  return `${c.count} of ${attempts} attempt${attempts === 1 ? "" : "s"} ${c.cause.verb}: ${c.cause.detail}`;
}
