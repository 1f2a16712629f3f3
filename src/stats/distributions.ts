/**
 * The normal and Student t distributions: CDFs and quantiles. See
 * docs/design/statistics.md for the methods and their accuracy.
 */
import { logGamma, regularizedBeta, upperRegularizedGamma } from "./special-functions.js";

/** Φ(x), the standard normal CDF, through erfc(y) = Q(1/2, y²). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const tail = 0.5 * upperRegularizedGamma(0.5, (x * x) / 2);
  return x >= 0 ? 1 - tail : tail;
}

// Acklam's rational approximation (relative error 1.15e-9), then refined to full precision.
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;
const SQRT_TWO_PI = Math.sqrt(2 * Math.PI);

/** Φ⁻¹(p) for 0 < p < 1: Acklam's approximation refined by two Halley steps on Φ. */
export function normalQuantile(p: number): number {
  assertProbability(p);
  if (p > 0.5) return -lowerNormalQuantile(1 - p);
  return lowerNormalQuantile(p);
}

function lowerNormalQuantile(p: number): number {
  let x = acklam(p);
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p;
    const u = e * SQRT_TWO_PI * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(D, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}

/** Horner evaluation of c[0]·x^(k−1) + … + c[k−1]. */
function poly(c: readonly number[], x: number): number {
  let s = 0;
  for (const coefficient of c) s = s * x + coefficient;
  return s;
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be Infinity: normal). */
export function studentTCdf(t: number, df: number): number {
  assertDf(df);
  if (df === Infinity) return normalCdf(t);
  if (Number.isNaN(t)) return Number.NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The density of Student's t at t. */
export function studentTDensity(t: number, df: number): number {
  assertDf(df);
  if (df === Infinity) return Math.exp((-t * t) / 2) / SQRT_TWO_PI;
  const logDensity = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df);
  return Math.exp(logDensity);
}

/**
 * The p-quantile of Student's t: inverts the CDF by Newton steps inside a bracket that
 * halves whenever a step would leave it, to a relative tolerance of 1e-14.
 */
export function studentTQuantile(p: number, df: number): number {
  assertProbability(p);
  assertDf(df);
  if (df === Infinity) return normalQuantile(p);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let low = 0;
  let high = Math.max(1, normalQuantile(p));
  while (studentTCdf(high, df) < p) high *= 2;
  let x = high / 2 > normalQuantile(p) ? high / 2 : normalQuantile(p);
  for (let i = 0; i < 200; i++) {
    const f = studentTCdf(x, df) - p;
    if (f > 0) high = x;
    else low = x;
    const step = f / studentTDensity(x, df);
    let next = x - step;
    if (!(next > low && next < high)) next = (low + high) / 2;
    if (Math.abs(next - x) <= 1e-14 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}

function assertProbability(p: number): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`a probability strictly between 0 and 1 is needed, got ${p}`);
}

function assertDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
}
