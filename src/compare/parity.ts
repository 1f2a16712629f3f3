import { outputToolCalls, PARITY_VERSION, type ArmPair, type Attempt, type Output, type Parity, type RateParity, type Usage } from "../core/index.js";
import { attemptFigures, costPer1kRequests, differenceInterval } from "../stats/index.js";
import { isRefusal } from "./arm-counts.js";
import type { ScoredPair } from "./case-outcome.js";
import type { OutputContract } from "./inputs.js";
import { QUALITY_LEVEL } from "./quality-evidence.js";

/** Hits over counted units (attempts, or tool calls) of one case in one arm. */
interface Tally {
  hits: number;
  of: number;
}

/** Counts what a rate is about over one case's attempts in one arm. */
type Counter = (attempts: readonly Attempt[], contract: OutputContract | undefined) => Tally;

type Contracts = ArmPair<OutputContract | undefined>;

/**
 * Parity between the arms (core/parity.ts, docs/reports.md "Parity") over the paired cases:
 * each rate per case and arm, paired by case with the quality delta's interval (one-sided
 * 95% bounds, floored, clustered by `group:`); tokens per case; cost per 1,000 requests.
 */
export function computeParity(pairs: readonly ScoredPair[], contracts: Contracts = { baseline: undefined, candidate: undefined }, level = QUALITY_LEVEL): Parity {
  const hasSchema = Boolean(contracts.baseline?.schemaValid || contracts.candidate?.schemaValid);
  const toolArguments = rateParity(pairs, countInvalidArguments, contracts, level);
  return {
    version: PARITY_VERSION,
    refusals: rateParity(pairs, countAnswered((o) => isRefusal(o)), contracts, level),
    truncations: rateParity(pairs, countAnswered(isTruncated), contracts, level),
    schemaInvalid: hasSchema ? rateParity(pairs, countSchemaInvalid, contracts, level) : null,
    toolCalls: rateParity(pairs, countAnswered((o) => outputToolCalls(o).length > 0), contracts, level),
    toolArgumentsInvalid: toolArguments.counts.baseline.of + toolArguments.counts.candidate.of > 0 ? toolArguments : null,
    tokensPerCase: {
      input: tokensPerCase(pairs, (u) => u.inputTokens),
      cached: tokensPerCase(pairs, (u) => u.cachedInputTokens),
      output: tokensPerCase(pairs, (u) => u.outputTokens),
      reasoning: tokensPerCase(pairs, (u) => u.reasoningTokens),
    },
    costPer1kRequests: { baseline: costPer1k(pairs.flatMap((p) => p.pair.baseline)), candidate: costPer1k(pairs.flatMap((p) => p.pair.candidate)) },
  };
}

/** Cut by the output cap: finish `length` (a Responses `incomplete` for max_output_tokens normalizes to it). */
export function isTruncated(output: Pick<Output, "finish">): boolean {
  return output.finish === "length";
}

function answered(a: Attempt): a is Attempt & { output: Output } {
  return a.status !== "error" && a.output !== null;
}

/** A rate over the answered attempts (an errored attempt is the errors gate's). */
function countAnswered(hit: (o: Output) => boolean): Counter {
  return (attempts) => {
    const t = { hits: 0, of: 0 };
    for (const a of attempts) {
      if (!answered(a)) continue;
      t.of += 1;
      if (hit(a.output)) t.hits += 1;
    }
    return t;
  };
}

/**
 * Answered attempts not valid against the prompt's output schema (a refusal or a cut output
 * included), over those that answered rather than called a tool; none counted without a schema.
 */
const countSchemaInvalid: Counter = (attempts, contract) => {
  const valid = contract?.schemaValid;
  if (!valid) return { hits: 0, of: 0 };
  return countAnswered((o) => !valid(o))(attempts.filter((a) => (a.output?.toolCalls.length ?? 0) === 0), contract);
};

/** Tool calls whose arguments are invalid: against the tool's parameters with a contract, else when they do not parse. */
const countInvalidArguments: Counter = (attempts, contract) => {
  const t = { hits: 0, of: 0 };
  for (const a of attempts) {
    if (!answered(a)) continue;
    for (const call of outputToolCalls(a.output)) {
      t.of += 1;
      const valid = contract ? contract.toolArgumentsValid(call) : call.arguments !== null;
      if (!valid) t.hits += 1;
    }
  }
  return t;
};

/**
 * One rate in both arms: per case hits/of in each arm, over the cases counted in both; the
 * arms' figures are the means of those per-case rates, so the difference is theirs exactly.
 */
export function rateParity(pairs: readonly ScoredPair[], count: Counter, contracts: Contracts, level = QUALITY_LEVEL): RateParity {
  const counts = { baseline: { hits: 0, of: 0 }, candidate: { hits: 0, of: 0 } };
  const base: number[] = [];
  const cand: number[] = [];
  const groups: Array<string | null> = [];
  for (const p of pairs) {
    const b = count(p.pair.baseline, contracts.baseline);
    const c = count(p.pair.candidate, contracts.candidate);
    add(counts.baseline, b);
    add(counts.candidate, c);
    if (b.of === 0 || c.of === 0) continue;
    base.push(b.hits / b.of);
    cand.push(c.hits / c.of);
    groups.push(p.pair.group);
  }
  const none = { value: null, low: null, high: null };
  if (base.length === 0) return { baseline: null, candidate: null, difference: none, pairedCases: 0, counts };
  const differences = cand.map((c, i) => c - (base[i] ?? 0));
  const clusters = groups.some((g) => g !== null) ? { clusters: groups } : {};
  const d = differenceInterval(differences, level, { floor: true, ...clusters });
  const bounded = Number.isFinite(d.low) && Number.isFinite(d.high);
  return {
    baseline: mean(base),
    candidate: mean(cand),
    // A difference of two rates lies in [−1, 1]: a floored handful of cases cannot claim wider bounds.
    difference: { value: d.estimate, low: bounded ? Math.max(-1, d.low) : null, high: bounded ? Math.min(1, d.high) : null },
    pairedCases: base.length,
    counts,
  };
}

/** Each case's mean over its answered attempts with usage, averaged over the cases with usage in both arms. */
function tokensPerCase(pairs: readonly ScoredPair[], tokens: (u: Usage) => number): ArmPair<number | null> {
  const base: number[] = [];
  const cand: number[] = [];
  for (const p of pairs) {
    const b = caseTokens(p.pair.baseline, tokens);
    const c = caseTokens(p.pair.candidate, tokens);
    if (b === null || c === null) continue;
    base.push(b);
    cand.push(c);
  }
  return { baseline: base.length ? mean(base) : null, candidate: cand.length ? mean(cand) : null };
}

function caseTokens(attempts: readonly Attempt[], tokens: (u: Usage) => number): number | null {
  const values = attempts.flatMap((a) => (answered(a) && a.output.usage ? [tokens(a.output.usage)] : []));
  return values.length ? mean(values) : null;
}

/** stats' cost per 1,000 requests (the one definition, also the PM page's), its estimate. */
function costPer1k(attempts: readonly Attempt[]): number | null {
  return costPer1kRequests(attempts.map(attemptFigures))?.estimate ?? null;
}

function add(into: Tally, t: Tally): void {
  into.hits += t.hits;
  into.of += t.of;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
