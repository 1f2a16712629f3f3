/** The same figure in both arms. */
export interface ArmPair<T> {
  baseline: T;
  candidate: T;
}

/** A figure with its interval (the interval's level is stated by the figure's producer). */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}
