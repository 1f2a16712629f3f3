/**
 * Holm's step-down adjustment (Holm 1979) of m p-values: sorted ascending, the i-th
 * (1-based) becomes max over j ≤ i of min(1, (m − j + 1)·p_(j)). Returned in the input
 * order. Rejecting where the adjusted p ≤ α is exactly Holm's procedure, which controls
 * the family-wise error rate at α for any dependence between the tests.
 */
export function holm(pValues: readonly number[]): number[] {
  for (const p of pValues) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`a p-value is between 0 and 1, got ${p}`);
  }
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p || x.i - y.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/** Which hypotheses Holm's procedure rejects at family-wise level α. */
export function holmRejections(pValues: readonly number[], alpha = 0.05): boolean[] {
  return holm(pValues).map((p) => p <= alpha);
}
