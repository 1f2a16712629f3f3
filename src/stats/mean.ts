/** Means with their standard errors. Formulas and rationale: docs/design/statistics.md. */

export interface MeanEstimate {
  mean: number;
  /** Standard error of the mean; Infinity when it cannot be estimated (fewer than 2 units). */
  se: number;
  /** Observations (attempts). */
  n: number;
}

export interface SampleMoments {
  mean: number;
  /** Sample standard deviation (n − 1 denominator); NaN when n < 2. */
  sd: number;
  n: number;
}

/** Mean and sample SD in one pass (Welford), stable for long runs of near-equal values. */
export function sampleMoments(values: readonly number[]): SampleMoments {
  if (values.length === 0) throw new RangeError("the mean of no values is undefined");
  let mean = 0;
  let m2 = 0;
  values.forEach((x, i) => {
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  });
  const n = values.length;
  return { mean, sd: n < 2 ? Number.NaN : Math.sqrt(m2 / (n - 1)), n };
}

/** The mean with its CLT standard error s/√n (s the sample SD). */
export function meanWithSE(values: readonly number[]): MeanEstimate & { sd: number } {
  const { mean, sd, n } = sampleMoments(values);
  return { mean, sd, n, se: n < 2 ? Infinity : sd / Math.sqrt(n) };
}

export interface ClusteredMeanEstimate extends MeanEstimate {
  /** Clusters (cases) with at least one attempt. */
  clusters: number;
}

/**
 * The mean of all attempt scores with a cluster-robust standard error, clustered by case
 * (CR1, Liang–Zeger with the G/(G − 1) small-sample factor):
 *   ȳ = Σ_g Σ_j y_gj / N,   Var(ȳ) = G/(G − 1) · Σ_g (Σ_j (y_gj − ȳ))² / N².
 * Repeats of one case are not independent draws, so the naive s/√N would understate the
 * error; with one attempt per case this reduces exactly to s/√N. Cases without attempts
 * are left out.
 */
export function clusteredMean(perCase: ReadonlyArray<readonly number[]>): ClusteredMeanEstimate {
  const clusters = perCase.filter((attempts) => attempts.length > 0);
  const n = clusters.reduce((sum, attempts) => sum + attempts.length, 0);
  if (n === 0) throw new RangeError("the mean of no attempts is undefined");
  const mean = clusters.reduce((sum, attempts) => sum + attempts.reduce((s, y) => s + y, 0), 0) / n;
  const g = clusters.length;
  if (g < 2) return { mean, se: Infinity, n, clusters: g };
  let sumOfSquares = 0;
  for (const attempts of clusters) {
    let residual = 0;
    for (const y of attempts) residual += y - mean;
    sumOfSquares += residual * residual;
  }
  return { mean, se: Math.sqrt(((g / (g - 1)) * sumOfSquares) / (n * n)), n, clusters: g };
}
