/** Wording of what would decide an INCONCLUSIVE gate: "needs ~1,900 cases to …". */

const NUMBER = new Intl.NumberFormat("en-US");

/** Rounds a case count to two significant figures (exact under 100), with thousands separators. */
export function approxCases(n: number): string {
  if (!Number.isFinite(n)) return "∞";
  const whole = Math.ceil(n);
  if (whole < 100) return NUMBER.format(whole);
  const step = 10 ** (Math.floor(Math.log10(whole)) - 1);
  return NUMBER.format(Math.round(whole / step) * step);
}

/** 0.02 → "2-point", 0.005 → "0.5-point": a margin on a 0..1 score, in percentage points. */
export function points(margin: number): string {
  return `${trimNumber(margin * 100)}-point`;
}

/** 0.1 → "10%", 0.125 → "12.5%". */
export function percent(share: number): string {
  return `${trimNumber(share * 100)}%`;
}

function trimNumber(x: number): string {
  return String(Number(x.toFixed(1)));
}

/** "needs ~1,900 cases to …", or the reason no case count would do. */
export function needsCases(casesNeeded: number | null, pairedCases: number, goal: string): string {
  if (casesNeeded === null || !Number.isFinite(casesNeeded)) {
    return `no number of cases would ${goal}: the estimate sits on the threshold`;
  }
  const total = Math.max(casesNeeded, pairedCases + 1);
  return `needs ~${approxCases(total)} cases to ${goal} (has ${NUMBER.format(pairedCases)})`;
}

/**
 * Cases an interval needs to exclude the threshold, assuming its half-width shrinks as
 * 1/√n around the same estimate: n × (halfWidth / distance)². Null when the estimate
 * is on the threshold.
 */
export function casesToExclude(n: number, estimate: number, halfWidth: number, threshold: number): number | null {
  const distance = Math.abs(estimate - threshold);
  if (distance === 0 || !Number.isFinite(halfWidth)) return null;
  return Math.ceil(n * (halfWidth / distance) ** 2);
}

export function formatCount(n: number): string {
  return NUMBER.format(n);
}
