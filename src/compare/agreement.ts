import type { AgreementFigure, Attempt, GateResult } from "../core/index.js";
import { wilsonOfRate } from "../stats/index.js";
import type { ScoredPair } from "./case-outcome.js";
import { formatCount, needsCases, percent } from "./decide-text.js";

/** The grader whose passes the agreement figure counts. */
export const AGREEMENT_GRADER = "agreement";

/**
 * The agreement figure over the paired cases (core AgreementFigure): null when no candidate
 * attempt was scored by the `agreement` grader (no recording, or no such grader).
 */
export function agreementFigure(pairs: readonly ScoredPair[]): AgreementFigure | null {
  let cases = 0;
  let agreeing = 0;
  let weight = 0;
  let agreeingWeight = 0;
  let squares = 0;
  for (const p of pairs) {
    const verdict = caseAgrees(p.pair.candidate);
    if (verdict === null) continue;
    const w = p.pair.weight;
    cases += 1;
    weight += w;
    squares += w * w;
    if (verdict) {
      agreeing += 1;
      agreeingWeight += w;
    }
  }
  if (cases === 0) return null;
  const share = agreeingWeight / weight;
  const effectiveCases = (weight * weight) / squares;
  const w = wilsonOfRate(share, effectiveCases, 0.95);
  return { share, low: w.low, high: w.high, cases, agreeing, weight, agreeingWeight, effectiveCases };
}

/** Most repeats agree (a tie does not; an errored attempt never does); null when no repeat was scored for agreement. */
function caseAgrees(attempts: readonly Attempt[]): boolean | null {
  let scored = false;
  let agree = 0;
  for (const a of attempts) {
    if (a.status === "error") {
      scored = true;
      continue;
    }
    const s = a.scores.find((x) => x.type === AGREEMENT_GRADER && x.value !== null);
    if (!s) continue;
    scored = true;
    if (s.pass) agree += 1;
  }
  return scored ? agree * 2 > attempts.length : null;
}

/**
 * `agreement: { min }` (docs/verdict.md): PASS when the Wilson lower bound ≥ min, FAIL when the
 * upper bound < min, INCONCLUSIVE otherwise, with the cases a decision would need.
 */
export function agreementGate(f: AgreementFigure | null, min: number): GateResult {
  const base = { gate: "agreement" as const, threshold: min };
  if (f === null || f.share === null || f.low === null || f.high === null) {
    return { ...base, status: "INCONCLUSIVE", figure: null, interval: null, reason: "no candidate attempt was scored for agreement with a recorded reply", decide: "needs cases with a `recorded:` reply and the `agreement` grader in the suite" };
  }
  const interval: [number, number] = [f.low, f.high];
  const weighted = f.weight === f.cases ? "" : `, weighted by how often each request was seen (effective n ${f.effectiveCases.toFixed(1)})`;
  const shown = `${formatCount(f.agreeing)} of ${formatCount(f.cases)} cases agree with the recording (${percent(f.share)} of traffic${weighted}; Wilson 95% ${percent(f.low)}–${percent(f.high)})`;
  if (f.low >= min) return { ...base, status: "PASS", figure: f.share, interval, reason: `${shown}: the lower bound reaches ${percent(min)}`, decide: null };
  if (f.high < min) return { ...base, status: "FAIL", figure: f.share, interval, reason: `${shown}: the upper bound is below ${percent(min)}`, decide: null };
  const z = 1.959963984540054;
  const p = f.share;
  // Cases at which the interval at this share would clear min, scaled by the weights' design effect.
  const needed = p === min ? null : Math.ceil(((z * z * p * (1 - p)) / (p - min) ** 2) * (f.cases / f.effectiveCases));
  return { ...base, status: "INCONCLUSIVE", figure: f.share, interval, reason: `${shown}: the interval contains ${percent(min)}`, decide: needsCases(needed, f.cases, `tell whether agreement reaches ${percent(min)}`) };
}
