import { normalQuantile } from "../stats/index.js";
import { mixtureHalfWidth, tuneMixture } from "./confidence-sequence.js";

/**
 * How much live traffic a stage needs to detect a breach of a metric's margin
 * (docs/rollout.md "The plan's math"). Control and treatment see different requests, so the
 * comparison is unpaired: the difference of the two means has variance
 * v(N) = σ_T²/(π·N) + σ_C²/((1 − π)·N) at N requests of which a share π go to the treatment.
 * At a 100% stage there is no concurrent control (π = 1): the control's rate is taken as known
 * from the stage before, v(N) = σ_T²/N.
 */
export interface SizeInputs {
  /** Per-request variance of the treatment's outcome at a breach (its rate + the margin). */
  treatmentVariance: number;
  /** Per-request variance of the control's outcome. */
  controlVariance: number;
  /** The breach to detect, in the outcome's unit (> 0). */
  margin: number;
  /** The stage's treatment share, in (0, 1]. */
  share: number;
}

/** One-sided α of the one-look test, and the power wanted. */
export const PLAN_ALPHA = 0.05;
export const PLAN_POWER = 0.8;
/**
 * The power the always-valid size is solved for in the normal approximation. At rates near 0
 * the approximation overstates power (a 2% rate, +1 pp margin: 78.6% realized when solved at
 * 80%, 2,000 simulations), so the check's sizes are solved at 85%, which keeps the realized
 * power at or above the promised 80% (src/rollout/calibration.test.ts).
 */
export const DESIGN_POWER = 0.85;

/** N·v(N): the variance of the difference at one request in total. */
export function unitVariance(i: SizeInputs): number {
  return i.share >= 1 ? i.treatmentVariance : i.treatmentVariance / i.share + i.controlVariance / (1 - i.share);
}

/**
 * Requests (control and treatment together) at which a one-look, one-sided α = 0.05 test of
 * "no increase" rejects with 80% power when the true increase is the margin:
 * N = (z_{1−α} + z_{power})² · N·v / m².
 */
export function oneLookRequests(i: SizeInputs): number {
  const z = normalQuantile(1 - PLAN_ALPHA) + normalQuantile(PLAN_POWER);
  return Math.ceil((z * z * unitVariance(i)) / (i.margin * i.margin));
}

export interface AlwaysValidSize {
  /** Requests in total (both arms) the check needs. */
  requests: number;
  /** The mixture's η the check uses at this stage (tuned to be narrowest at this size). */
  eta: number;
}

/**
 * Requests at which the check — the always-valid bounds at the check's per-metric α, its
 * mixture tuned at this very size — shows an increase (lower bound above 0) with 80% power
 * when the true increase is the margin: the smallest N with m ≥ h(v(N)) + z_{0.85}·√v(N) (DESIGN_POWER).
 * It is larger than the one-look size: looking at every 100 requests costs traffic.
 */
export function alwaysValidRequests(i: SizeInputs, alpha: number): AlwaysValidSize {
  const zPower = normalQuantile(DESIGN_POWER);
  const detects = (n: number) => {
    const v = checkVariance(i, n);
    return i.margin >= mixtureHalfWidth(v, tuneMixture(v, alpha), alpha) + zPower * Math.sqrt(v);
  };
  let high = Math.max(1, oneLookRequests(i));
  while (!detects(high)) high *= 2;
  let low = Math.max(1, Math.floor(high / 2));
  if (detects(low)) low = 1;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (detects(mid)) high = mid;
    else low = mid;
  }
  return { requests: high, eta: tuneMixture(checkVariance(i, high), alpha) };
}

/**
 * The variance of the difference the check will compute at N requests: each arm's variance
 * regularized as the check's is, (σ²·(n − 1) + 1/4)/(n + 1) ≈ σ² + 1/(4(n + 1)), over its n.
 * For rates the regularizer is negligible; for a metric with little spread (cost, a judge's
 * score) it is what sets the size.
 */
export function checkVariance(i: SizeInputs, requests: number): number {
  const arm = (variance: number, n: number) => (n <= 0 ? Infinity : (variance + 1 / (4 * (n + 1))) / n);
  if (i.share >= 1) return arm(i.treatmentVariance, requests);
  return arm(i.treatmentVariance, i.share * requests) + arm(i.controlVariance, (1 - i.share) * requests);
}
