/** A point to keep low on `cost` and high on `quality`. */
export interface ParetoPoint {
  key: string;
  cost: number | null;
  quality: number | null;
}

/**
 * The keys of the points no other point dominates (as cheap or cheaper and as good or
 * better, one of them strictly): the cost/quality trade-offs worth choosing between. A point
 * without a known cost or quality is on no frontier. Ordered by cost, cheapest first.
 */
export function paretoFrontier(points: readonly ParetoPoint[]): string[] {
  const known = points.filter((p): p is ParetoPoint & { cost: number; quality: number } => p.cost !== null && p.quality !== null);
  const dominated = (p: (typeof known)[number]) =>
    known.some((q) => q !== p && q.cost <= p.cost && q.quality >= p.quality && (q.cost < p.cost || q.quality > p.quality));
  return known
    .filter((p) => !dominated(p))
    .sort((a, b) => a.cost - b.cost || b.quality - a.quality)
    .map((p) => p.key);
}
