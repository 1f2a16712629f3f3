import { formatApproxCases } from "../stats/index.js";

/** Wording of what would decide an INCONCLUSIVE gate: "needs ~1,900 cases to …". */

const NUMBER = new Intl.NumberFormat("en-US");

/** 0.1 → "10%", 0.125 → "12.5%", −0.05 → "-5%". */
export function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/**
 * "needs ~1,900 cases to <goal> (…; has 200)"; `unit` names what is counted ("candidate attempts" for the errors gate). `casesNeeded` null: too few cases to estimate
 * the spread; Infinity: no number of cases would (an estimate on the threshold, a zero margin);
 * at most the cases already there: the spread is fine but the estimate is too near the threshold.
 */
export function needsCases(casesNeeded: number | null, pairedCases: number, goal: string, unit = "cases"): string {
  if (casesNeeded === null && pairedCases < 2) return `needs at least 2 ${unit} to estimate how many would ${goal}`;
  if (casesNeeded === null || !Number.isFinite(casesNeeded)) return `the estimate sits on the threshold: no number of ${unit} would ${goal} unless it moves`;
  if (casesNeeded <= pairedCases) {
    return `at this estimate ${formatCount(pairedCases)} ${unit} are usually enough to ${goal}; this sample landed near the threshold: more ${unit}, or repeats, would tell`;
  }
  return `needs ~${formatApproxCases(casesNeeded)} ${unit} to ${goal} (an estimate at the observed figure; has ${formatCount(pairedCases)})`;
}

/**
 * Cases an interval needs to exclude the threshold, assuming its half-width shrinks as
 * 1/√n around the same estimate: n × (halfWidth / distance)². Infinity when the estimate
 * is on the threshold.
 */
export function casesToExclude(n: number, estimate: number, halfWidth: number, threshold: number): number {
  const distance = Math.abs(estimate - threshold);
  if (distance === 0 || !Number.isFinite(halfWidth)) return Infinity;
  return Math.ceil(n * (halfWidth / distance) ** 2);
}
