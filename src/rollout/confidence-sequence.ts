/**
 * An always-valid confidence sequence for the difference of two means, treatment − control,
 * of outcomes in [0, 1] seen on different requests (docs/design/statistics.md "Rollout
 * check"). A stage's logs may be checked any number of times while it runs: the bounds hold
 * at every look at once, not at one look chosen in advance.
 *
 * The boundary is Robbins' normal mixture (Robbins 1970; Howard, Ramdas, McAuliffe & Sekhon
 * 2021, "Time-uniform, nonparametric, nonasymptotic confidence sequences", eq. (14)) applied
 * to the difference's information process s = 1/v, v = σ̂_T²/n_T + σ̂_C²/n_C, as in the
 * asymptotic confidence sequences of Waudby-Smith, Arnold, Wu, Ramdas & Sekhon (2024, "Time-
 * uniform central limit theory and asymptotic confidence sequences", Ann. Statist.):
 *
 *   |D̂ − Δ| ≤ √( v·(1 + v/η)·(2·log(1/α) + log(1 + η/v)) )   for every look, with prob. ≥ 1 − α.
 *
 * η (a variance) sets where the boundary is tightest: η = x·v* with x = 2·log(1/α) +
 * log(1 + x) is the narrowest at v = v*. Each stream's variance is the regularized
 * (1/4 + Σ(x − x̄)²)/(n + 1) of Waudby-Smith & Ramdas (2024, "Estimating means of bounded
 * random variables by betting", JRSS B), so a stream with no event yet is not taken to have
 * no spread.
 */

/** Running sums of one stream of outcomes in [0, 1]. */
export interface StreamSums {
  n: number;
  sum: number;
  sumSquares: number;
}

export function emptySums(): StreamSums {
  return { n: 0, sum: 0, sumSquares: 0 };
}

export function addOutcome(s: StreamSums, x: number): void {
  s.n += 1;
  s.sum += x;
  s.sumSquares += x * x;
}

/** (1/4 + Σ(x − x̄)²)/(n + 1): the spread of a [0, 1] stream, never 0. */
export function regularizedVariance(s: StreamSums): number {
  const centred = s.n === 0 ? 0 : Math.max(0, s.sumSquares - (s.sum * s.sum) / s.n);
  return (0.25 + centred) / (s.n + 1);
}

/** The x with x = 2·log(1/α) + log(1 + x): η = x·v* makes the boundary narrowest at v*. */
export function mixtureFactor(alpha: number): number {
  const l = 2 * Math.log(1 / alpha);
  let x = l;
  for (let i = 0; i < 50; i++) x = l + Math.log(1 + x);
  return x;
}

/** The mixture's η tuned to be narrowest when the difference's variance is `targetVariance`. */
export function tuneMixture(targetVariance: number, alpha: number): number {
  return mixtureFactor(alpha) * targetVariance;
}

/** Half-width of the boundary at variance v (two-sided, level 1 − α over every look). */
export function mixtureHalfWidth(v: number, eta: number, alpha: number): number {
  if (!(v > 0)) return 0;
  return Math.sqrt(v * (1 + v / eta) * (2 * Math.log(1 / alpha) + Math.log(1 + eta / v)));
}

export interface DifferenceBounds {
  /** mean(treatment) − mean(control); null while a stream is empty. */
  estimate: number | null;
  low: number;
  high: number;
  /** v = σ̂_T²/n_T + σ̂_C²/n_C. */
  variance: number | null;
}

/** The always-valid bounds on treatment − control after the outcomes seen so far (clamped to [−1, 1]). */
export function differenceBounds(treatment: StreamSums, control: StreamSums, eta: number, alpha: number): DifferenceBounds {
  if (treatment.n === 0 || control.n === 0) return { estimate: null, low: -1, high: 1, variance: null };
  const estimate = treatment.sum / treatment.n - control.sum / control.n;
  const variance = regularizedVariance(treatment) / treatment.n + regularizedVariance(control) / control.n;
  const h = mixtureHalfWidth(variance, eta, alpha);
  return { estimate, low: Math.max(-1, estimate - h), high: Math.min(1, estimate + h), variance };
}
