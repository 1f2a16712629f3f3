import { studentTQuantile } from "./distributions.js";
import { assertConfidence } from "./proportion.js";

export interface RatioInterval {
  /** mean(candidate) / mean(baseline); NaN when the baseline's mean is not positive. */
  estimate: number;
  low: number;
  high: number;
  n: number;
}

/**
 * The ratio of two paired means, candidate / baseline, with a delta-method t interval on the
 * log scale (the cost gate's small-n method, docs/design/statistics.md):
 *   Var(log c̄ − log b̄) ≈ (s_c²/c̄² + s_b²/b̄² − 2·s_bc/(b̄·c̄)) / n,
 *   R · exp(± t(1 − α/2, n − 1)·√Var).
 * The log scale keeps the interval positive and right-skewed, as a ratio's is, and the t
 * quantile keeps its coverage at a few dozen cases, where a percentile bootstrap is too
 * narrow. Pairs where either value is not finite are dropped.
 */
export function ratioOfMeans(baseline: readonly number[], candidate: readonly number[], confidence = 0.95): RatioInterval {
  assertConfidence(confidence);
  const b: number[] = [];
  const c: number[] = [];
  baseline.forEach((x, i) => {
    const y = candidate[i];
    if (Number.isFinite(x) && y !== undefined && Number.isFinite(y)) (b.push(x), c.push(y));
  });
  const n = b.length;
  const none = { estimate: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  if (n === 0) return none;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  const mc = c.reduce((s, x) => s + x, 0) / n;
  if (!(mb > 0) || !(mc >= 0)) return none;
  const estimate = mc / mb;
  if (n < 2) return { estimate, low: Number.NaN, high: Number.NaN, n };
  if (mc === 0) return { estimate, low: 0, high: 0, n };
  let vb = 0;
  let vc = 0;
  let cov = 0;
  for (let i = 0; i < n; i++) {
    const db = (b[i] ?? 0) - mb;
    const dc = (c[i] ?? 0) - mc;
    vb += db * db;
    vc += dc * dc;
    cov += db * dc;
  }
  vb /= n - 1;
  vc /= n - 1;
  cov /= n - 1;
  const variance = Math.max(0, (vc / (mc * mc) + vb / (mb * mb) - (2 * cov) / (mb * mc)) / n);
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance);
  return { estimate, low: estimate * Math.exp(-half), high: estimate * Math.exp(half), n };
}
