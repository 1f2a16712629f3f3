import { fitAxis, linearScale, percentTick, textWidth, usdTick, type Axis } from "./chart-scale.js";
import { placeLabels, type Box, type PlacedLabel } from "./label-placement.js";

/**
 * The cost-vs-quality chart, laid out once for the HTML report (SVG strings) and the
 * dashboard (React SVG), which only draw what this returns (docs/design/charts.md): axes
 * fitted to the points and their intervals, ticks kept inside the drawing, labels that
 * never overlap, a legend naming every arm, the Pareto frontier as a dashed line.
 */

/** A figure with its 95% interval. */
export interface IntervalValue {
  estimate: number;
  low: number;
  high: number;
}

export interface CostQualityPoint {
  key: string;
  label: string;
  /** USD per 1,000 requests; null when a price is unknown. */
  cost: IntervalValue | null;
  /** Pass rate; null without graded attempts. */
  quality: IntervalValue | null;
  frontier: boolean;
}

export interface PlottedPoint {
  key: string;
  label: string;
  colorIndex: number;
  frontier: boolean;
  x: number;
  y: number;
  /** Interval whiskers, in pixels. */
  xLow: number;
  xHigh: number;
  yLow: number;
  yHigh: number;
}

export interface Tick {
  at: number;
  label: string;
}

export interface LegendItem {
  key: string;
  label: string;
  colorIndex: number;
  x: number;
  y: number;
  /** Why it is not on the chart, when it is not. */
  note: string | null;
}

export interface CostQualityLayout {
  width: number;
  height: number;
  plot: Box;
  xTicks: Tick[];
  yTicks: Tick[];
  xTitle: { x: number; y: number; text: string };
  yTitle: { x: number; y: number; text: string };
  /** Said when the quality axis does not start at 0 ("quality axis from 80%"). */
  zoomNote: string | null;
  points: PlottedPoint[];
  labels: PlacedLabel[];
  frontier: Array<[number, number]>;
  legend: LegendItem[];
}

export const CHART_PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];

export function chartColor(i: number): string {
  return CHART_PALETTE[i % CHART_PALETTE.length] as string;
}

const FONT = 11;
const TICK_FONT = 10;
const LEGEND_ROW = 18;

export function costQualityLayout(points: readonly CostQualityPoint[], size: { width: number; plotHeight: number }): CostQualityLayout {
  const plotted = points.map((p, i) => ({ p, i })).filter((e): e is { p: CostQualityPoint & { cost: IntervalValue; quality: IntervalValue }; i: number } => e.p.cost !== null && e.p.quality !== null);
  const xAxis = fitAxis(plotted.flatMap(({ p }) => [p.cost.low, p.cost.high, p.cost.estimate]), { min: 0, max: Number.POSITIVE_INFINITY });
  const yAxis = fitAxis(plotted.flatMap(({ p }) => [p.quality.low, p.quality.high, p.quality.estimate]), { min: 0, max: 1 });
  const yLabels = yAxis.ticks.map((v) => percentTick(v, yAxis.step));
  const xLabels = xAxis.ticks.map((v) => usdTick(v, xAxis.step));
  const left = 30 + Math.max(...yLabels.map((l) => textWidth(l, TICK_FONT)));
  const right = Math.max(16, textWidth(xLabels[xLabels.length - 1] ?? "", TICK_FONT) / 2 + 6);
  const plot: Box = { x: left, y: 12, width: size.width - left - right, height: size.plotHeight };
  const sx = linearScale(xAxis.domain, [plot.x, plot.x + plot.width]);
  const sy = linearScale(yAxis.domain, [plot.y + plot.height, plot.y]);
  const bottom = plot.y + plot.height;
  const drawn: PlottedPoint[] = plotted.map(({ p, i }) => ({
    key: p.key, label: p.label, colorIndex: i, frontier: p.frontier,
    x: sx(p.cost.estimate), y: sy(p.quality.estimate), xLow: sx(p.cost.low), xHigh: sx(p.cost.high), yLow: sy(p.quality.low), yHigh: sy(p.quality.high),
  }));
  // Frontier points are labelled first: they are the ones a reader chooses between.
  const order = [...drawn].sort((a, b) => Number(b.frontier) - Number(a.frontier));
  const labels = placeLabels(order.map((d) => ({ key: d.key, x: d.x, y: d.y, width: textWidth(d.label, FONT), height: FONT + 3 })), plot);
  const legend = legendItems(points, size.width, bottom + 46);
  return {
    width: size.width,
    height: bottom + 46 + Math.ceil(points.length / 2) * LEGEND_ROW + 4,
    plot,
    xTicks: xAxis.ticks.map((v, k) => ({ at: sx(v), label: xLabels[k] as string })),
    yTicks: yAxis.ticks.map((v, k) => ({ at: sy(v), label: yLabels[k] as string })),
    xTitle: { x: plot.x + plot.width / 2, y: bottom + 32, text: "cost per 1,000 requests (USD, 95% interval)" },
    yTitle: { x: 12, y: plot.y + plot.height / 2, text: "pass rate (95% interval)" },
    zoomNote: zoomNote(yAxis),
    points: drawn,
    labels,
    frontier: drawn.filter((d) => d.frontier).sort((a, b) => a.x - b.x).map((d) => [d.x, d.y]),
    legend,
  };
}

function zoomNote(y: Axis): string | null {
  return y.domain[0] > 0 ? `pass rate axis from ${percentTick(y.domain[0], y.step)}` : null;
}

function legendItems(points: readonly CostQualityPoint[], width: number, top: number): LegendItem[] {
  const column = (width - 40) / 2;
  return points.map((p, i) => {
    const note = p.cost === null ? "cost unknown: not plotted" : p.quality === null ? "not graded: not plotted" : p.frontier ? "Pareto frontier" : null;
    return { key: p.key, label: fitText(p.label, column - 24 - (note ? textWidth(` (${note})`, FONT) : 0), FONT), colorIndex: i, x: 20 + (i % 2) * column, y: top + Math.floor(i / 2) * LEGEND_ROW, note };
  });
}

/** The text, cut with "…" to fit `width` (a legend entry never runs into its neighbour). */
export function fitText(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = Math.max(1, Math.floor(width / (fontSize * 0.6)) - 1);
  return `${text.slice(0, chars)}…`;
}
