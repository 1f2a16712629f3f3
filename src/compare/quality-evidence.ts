import { nonInferiority } from "../stats/index.js";
import type { ScoredPair } from "./case-outcome.js";
import type { QualityEvidence } from "./gates.js";

/** §9: the quality bounds are one-sided 95% at one look, i.e. a 90% two-sided interval. */
export const QUALITY_LEVEL = 0.9;

/** Every attempt of the case errored in this arm: it says nothing about quality. */
const allErrored = (r: ScoredPair["baseline"]) => r.repeats > 0 && r.errors === r.repeats;

/**
 * The non-inferiority test of §9 on the per-case mean scores scored in both arms, at the
 * look's level, floored (degenerate evidence never decides) and clustered by `group:`. A case
 * whose every attempt errored in both arms is left out (two zeros would cancel and look like
 * agreement) and counted in `bothErrored`; with no case graded in both arms there is no
 * evidence, so the gate can never PASS on it.
 */
export function qualityEvidence(pairs: readonly ScoredPair[], margin: number, level = QUALITY_LEVEL, expectedDelta = 0): QualityEvidence {
  const bothErrored = pairs.filter((p) => allErrored(p.baseline) && allErrored(p.candidate)).length;
  const scored = pairs.filter((p) => p.baseline.score !== null && p.candidate.score !== null && !(allErrored(p.baseline) && allErrored(p.candidate)));
  const repeats = Math.max(0, ...scored.map((p) => Math.min(p.baseline.repeats, p.candidate.repeats)));
  if (scored.length === 0) return { pairedCases: 0, estimate: null, low: null, high: null, power: null, casesNeeded: null, bothErrored, repeats };
  const clusters = scored.some((p) => p.pair.group !== null) ? scored.map((p) => p.pair.group) : undefined;
  const r = nonInferiority(scored.map((p) => p.baseline.score ?? 0), scored.map((p) => p.candidate.score ?? 0), { margin, level, floor: true, expectedDelta, ...(clusters ? { clusters } : {}) });
  return {
    pairedCases: scored.length,
    estimate: r.estimate,
    // A difference of 0..1 scores lies in [−1, 1]: a floored handful of cases cannot claim wider bounds.
    low: Number.isFinite(r.low) ? Math.max(-1, r.low) : r.low,
    high: Number.isFinite(r.high) ? Math.min(1, r.high) : r.high,
    power: r.power,
    casesNeeded: r.casesNeeded,
    bothErrored,
    repeats,
    floored: r.floored,
    groups: clusters ? r.groups : null,
    level,
    expectedDelta,
  };
}
