import { differenceInterval, nonInferiorityOfDifferences } from "../stats/index.js";
import type { ScoredPair } from "./case-outcome.js";
import type { QualityEvidence } from "./gates.js";

/** §9: the quality bounds are one-sided 95% at one look, i.e. a 90% two-sided interval. */
export const QUALITY_LEVEL = 0.9;

/** Every attempt of the case errored in this arm: it says nothing about quality. */
const allErrored = (r: ScoredPair["baseline"]) => r.repeats > 0 && r.errors === r.repeats;

/** The cases the quality test reads: scored in both arms, not errored in both; their differences and groups. */
interface QualityCases {
  scored: ScoredPair[];
  differences: number[];
  /** Each case's group, when any case has one. */
  clusters: Array<string | null> | undefined;
  bothErrored: number;
}

function qualityCases(pairs: readonly ScoredPair[]): QualityCases {
  const bothErrored = pairs.filter((p) => allErrored(p.baseline) && allErrored(p.candidate)).length;
  const scored = pairs.filter((p) => p.baseline.score !== null && p.candidate.score !== null && !(allErrored(p.baseline) && allErrored(p.candidate)));
  const clusters = scored.some((p) => p.pair.group !== null) ? scored.map((p) => p.pair.group) : undefined;
  return { scored, differences: scored.map((p) => (p.candidate.score ?? 0) - (p.baseline.score ?? 0)), clusters, bothErrored };
}

/** A difference of 0..1 scores lies in [−1, 1]: a floored handful of cases cannot claim wider bounds. */
const clampBound = (x: number, to: number): number => (Number.isFinite(x) ? (to < 0 ? Math.max(to, x) : Math.min(to, x)) : x);

/**
 * The quality delta's bounds alone (the comparison's figure and each slice's): the same
 * cases, level, floor and clusters as the gate's test, without its power and cases needed.
 */
export function qualityBounds(pairs: readonly ScoredPair[], level = QUALITY_LEVEL): { estimate: number; low: number; high: number } | null {
  const q = qualityCases(pairs);
  if (q.scored.length === 0) return null;
  const d = differenceInterval(q.differences, level, { floor: true, ...(q.clusters ? { clusters: q.clusters } : {}) });
  return { estimate: d.estimate, low: clampBound(d.low, -1), high: clampBound(d.high, 1) };
}

/**
 * The non-inferiority test of §9 on the per-case mean scores scored in both arms, at the
 * look's level, floored (degenerate evidence never decides) and clustered by `group:`. A case
 * whose every attempt errored in both arms is left out (two zeros would cancel and look like
 * agreement) and counted in `bothErrored`; with no case graded in both arms there is no
 * evidence, so the gate can never PASS on it.
 */
export function qualityEvidence(pairs: readonly ScoredPair[], margin: number, level = QUALITY_LEVEL, expectedDelta = 0): QualityEvidence {
  const { scored, differences, clusters, bothErrored } = qualityCases(pairs);
  const repeats = Math.max(0, ...scored.map((p) => Math.min(p.baseline.repeats, p.candidate.repeats)));
  if (scored.length === 0) return { pairedCases: 0, estimate: null, low: null, high: null, power: null, casesNeeded: null, bothErrored, repeats };
  const r = nonInferiorityOfDifferences(differences, { margin, level, floor: true, expectedDelta, ...(clusters ? { clusters } : {}) });
  return {
    pairedCases: scored.length,
    estimate: r.estimate,
    low: clampBound(r.low, -1),
    high: clampBound(r.high, 1),
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
