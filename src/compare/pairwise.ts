import type { Attempt, GateResult, Look, PairwiseFigure } from "../core/index.js";
import { formatMarginPoints, weightedMeanInterval } from "../stats/index.js";
import type { ScoredPair } from "./case-outcome.js";
import { casesToExclude, formatCount, needsCases, percent } from "./decide-text.js";
import { QUALITY_LEVEL } from "./quality-evidence.js";

/** The grader whose scores (win 1, tie 0.5, loss 0) the pairwise figure reads. */
export const PAIRWISE_GRADER = "pairwise";

/** A tie: the value a case must beat, less the margin, for the candidate to be no worse. */
const TIE = 0.5;

/**
 * The pairwise figure over the paired cases (core PairwiseFigure): null when no candidate
 * attempt was scored by the `pairwise` grader (no recording, no such grader, or every call a judge error).
 */
export function pairwiseFigure(pairs: readonly ScoredPair[], level = QUALITY_LEVEL): PairwiseFigure | null {
  const values: number[] = [];
  const weights: number[] = [];
  let wins = 0;
  let ties = 0;
  let losses = 0;
  for (const p of pairs) {
    const s = caseScore(p.pair.candidate);
    if (s === null) continue;
    values.push(s);
    weights.push(p.pair.weight);
    if (s > TIE) wins += 1;
    else if (s < TIE) losses += 1;
    else ties += 1;
  }
  if (values.length === 0) return null;
  // A tie is the centre: with every case tied, the floor assumes three unseen wins or losses.
  const m = weightedMeanInterval(values, weights, level, { floor: { center: TIE, unseen: TIE } });
  const weight = weights.reduce((s, w) => s + w, 0);
  const bound = (x: number, to: number) => (Number.isFinite(x) ? (to === 0 ? Math.max(0, x) : Math.min(1, x)) : null);
  return { rate: m.estimate, low: bound(m.low, 0), high: bound(m.high, 1), cases: values.length, wins, ties, losses, weight, effectiveCases: m.effectiveN, level, floored: m.floored };
}

/** The mean over repeats of the pairwise value (an errored attempt is a loss: production answered, the candidate did not); null when none was scored. */
function caseScore(attempts: readonly Attempt[]): number | null {
  let sum = 0;
  let scored = 0;
  for (const a of attempts) {
    if (a.status === "error") {
      scored += 1;
      continue;
    }
    const s = a.scores.find((x) => x.type === PAIRWISE_GRADER && x.value !== null);
    if (!s || s.value === null) continue;
    sum += s.value;
    scored += 1;
  }
  return scored === 0 ? null : sum / scored;
}

/**
 * `pairwise: { margin }` (docs/verdict.md): non-inferiority of the win rate against the
 * recording. PASS when the lower bound of the win rate (ties half) is above 0.5 − margin;
 * FAIL when the upper bound is below it; INCONCLUSIVE otherwise, with the cases that would decide.
 */
export function pairwiseGate(f: PairwiseFigure | null, margin: number): GateResult {
  const base = { gate: "pairwise" as const, threshold: margin };
  const bar = TIE - margin;
  if (f === null) {
    return { ...base, status: "INCONCLUSIVE", figure: null, interval: null, reason: "no candidate attempt was judged against a recorded reply", decide: "needs cases with a `recorded:` reply and the `pairwise` grader in the suite (judge errors are left out)" };
  }
  const sided = `one-sided ${Number((((1 + f.level) / 2) * 100).toFixed(2))}%`;
  const weighted = f.weight === f.cases ? "" : `, weighted by how often each request was seen (effective n ${f.effectiveCases.toFixed(1)})`;
  const counts = `${formatCount(f.wins)} wins, ${formatCount(f.ties)} ties, ${formatCount(f.losses)} losses against the recording over ${formatCount(f.cases)} cases`;
  if (f.low === null || f.high === null) {
    return { ...base, status: "INCONCLUSIVE", figure: f.rate, interval: null, reason: `${counts}: win rate ${percent(f.rate)}, too few cases for bounds`, decide: needsCases(null, f.cases, "decide the pairwise gate") };
  }
  const interval: [number, number] = [f.low, f.high];
  const floor = f.floored ? "; the spread seen is below the floor's, so the bounds are the floor's (as if 3 cases had been won or lost)" : "";
  const shown = `${counts}: win rate ${percent(f.rate)} (ties count half${weighted}), ${sided} bounds ${percent(f.low)}–${percent(f.high)}${floor}`;
  const margined = `a ${formatMarginPoints(margin)} margin (win rate ${percent(bar)})`;
  if (f.low > bar) return { ...base, status: "PASS", figure: f.rate, interval, reason: `${shown}: the lower bound is above ${percent(bar)}, so the candidate is no worse than the recording by ${margined}`, decide: null };
  if (f.high < bar) return { ...base, status: "FAIL", figure: f.rate, interval, reason: `${shown}: the upper bound is below ${percent(bar)}, so the candidate is worse than the recording by more than ${margined}`, decide: null };
  const half = f.rate - f.low;
  // The floor shrinks as 1/n, a seen spread as 1/√n: each estimate says how far the interval must narrow.
  const needed = f.rate <= bar ? Infinity : f.floored ? Math.ceil(f.cases * (half / (f.rate - bar))) : casesToExclude(f.cases, f.rate, half, bar);
  return {
    ...base,
    status: "INCONCLUSIVE",
    figure: f.rate,
    interval,
    reason: `${shown}: the interval reaches below ${percent(bar)} and above it`,
    decide:
      f.rate <= bar
        ? `the observed win rate ${percent(f.rate)} is at or past the ${percent(bar)} bar: more cases are more likely to FAIL it than to clear it`
        : needsCases(needed, f.cases, `show non-inferiority at ${margined}`),
  };
}
