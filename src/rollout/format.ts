import { formatPercent, formatSignedPoints, formatUsd } from "../core/index.js";
import type { RolloutMetric } from "./artifact-schema.js";

/**
 * A metric's figures in natural units, one definition for the plan's renderers and the check's
 * output: rates and shares in percent (increases in points), cost in USD (outcome × scale),
 * judge quality as a score drop.
 */
export function formatMetricLevel(m: Pick<RolloutMetric, "key" | "scale">, outcome: number | null): string {
  if (outcome === null) return "—";
  if (m.key === "cost_per_request") return formatUsd(outcome * m.scale);
  if (m.key === "judge_quality_drop") return `score ${(1 - outcome).toFixed(3)}`;
  return formatPercent(outcome, 2);
}

export function formatMetricIncrease(m: Pick<RolloutMetric, "key" | "scale">, increase: number | null): string {
  if (increase === null) return "—";
  if (m.key === "cost_per_request") return `${increase >= 0 ? "+" : "−"}${formatUsd(Math.abs(increase) * m.scale)}`;
  if (m.key === "judge_quality_drop") return `${increase >= 0 ? "−" : "+"}${Math.abs(increase).toFixed(3)} score`;
  return formatSignedPoints(increase);
}

/** 12,345 */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** 0.25 h → "15 min", 30 h → "1.3 days". */
export function formatHours(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${hours.toFixed(1)} h`;
  return `${(hours / 24).toFixed(1)} days`;
}
