/**
 * McNemar's exact test on the discordant pairs: b cases went pass → fail, c went
 * fail → pass. Under "no difference" each discordant case is a fair coin, so
 * b ~ Binomial(b + c, ½) and the two-sided p-value is
 *   p = min(1, 2 · Σ_{i ≤ min(b, c)} C(b + c, i) / 2^(b + c)).
 * Terms are summed in log space so thousands of flips neither underflow nor overflow.
 */
export function mcnemarExact(b: number, c: number): number {
  if (!Number.isInteger(b) || !Number.isInteger(c) || b < 0 || c < 0) {
    throw new RangeError(`McNemar's test needs whole, non-negative counts of flips, got ${b} and ${c}`);
  }
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let logTerm = -n * Math.LN2;
  let logSum = logTerm;
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log((n - i + 1) / i);
    logSum = logAddExp(logSum, logTerm);
  }
  return Math.min(1, 2 * Math.exp(logSum));
}

function logAddExp(a: number, b: number): number {
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(Math.min(a, b) - high));
}
