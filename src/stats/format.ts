const NUMBER = new Intl.NumberFormat("en-US");

/** A case count rounded to two significant figures (exact under 100): 1,855 → "1,900". */
export function formatApproxCases(n: number): string {
  if (!Number.isFinite(n)) return "∞";
  const whole = Math.ceil(n);
  if (whole < 100) return NUMBER.format(whole);
  const step = 10 ** (Math.floor(Math.log10(whole)) - 1);
  return NUMBER.format(Math.round(whole / step) * step);
}

/** A margin on a 0..1 score in percentage points: 0.02 → "2-point", 0.005 → "0.5-point". */
export function formatMarginPoints(margin: number): string {
  return `${Number((margin * 100).toFixed(1))}-point`;
}

/** "needs ~1,900 cases to show non-inferiority at a 2-point margin". */
export function formatCasesNeeded(casesNeeded: number | null, margin: number): string {
  const goal = `show non-inferiority at a ${formatMarginPoints(margin)} margin`;
  if (casesNeeded === null) return `needs at least 2 scored cases to estimate how many would ${goal}`;
  if (!Number.isFinite(casesNeeded)) return `no number of cases would ${goal}`;
  return `needs ~${formatApproxCases(casesNeeded)} cases to ${goal}`;
}
