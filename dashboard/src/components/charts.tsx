import { chartColor } from "../../../src/report/cost-quality-layout.js";

/** Hand-written SVG charts: no chart library, a few hundred bytes each. */

const W = 420;
const H = 220;
const PAD = { left: 48, right: 16, top: 22, bottom: 34 };
/** The arms' colours are the HTML report's (one palette, src/report/cost-quality-layout.ts). */
export const armColor = chartColor;

function scale(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain;
  const span = d1 - d0 || 1;
  return (v: number) => range[0] + ((v - d0) / span) * (range[1] - range[0]);
}

function ticks(lo: number, hi: number, n = 4): number[] {
  return Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
}

export interface Series {
  label: string;
  values: number[];
}

/** Distributions of several series over shared bins, drawn as step outlines. */
export function HistogramChart({ series, unit, name }: { series: Series[]; unit: string; name: string }) {
  const all = series.flatMap((s) => s.values);
  if (all.length === 0) return <p className="muted">no {name} measured</p>;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const bins = 20;
  const width = (hi - lo) / bins || 1;
  const counts = series.map((s) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of s.values) c[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
    return c.map((n) => n / (s.values.length || 1));
  });
  const top = Math.max(...counts.flat()) || 1;
  const x = scale([lo, lo + bins * width], [PAD.left, W - PAD.right]);
  const y = scale([0, top], [H - PAD.bottom, PAD.top]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={`${name} distribution per arm`} data-chart={name}>
      <Axes xTicks={ticks(lo, lo + bins * width).map((v) => [x(v), `${Math.round(v)}`])} yTicks={ticks(0, top).map((v) => [y(v), `${Math.round(v * 100)}%`])} xLabel={`${name} (${unit})`} yLabel="share" />
      {counts.map((c, si) => {
        const d = c.map((share, b) => `${b === 0 ? "M" : "L"}${x(lo + b * width)},${y(share)} L${x(lo + (b + 1) * width)},${y(share)}`).join(" ");
        return <path key={series[si]?.label} d={d} fill="none" stroke={armColor(si)} strokeWidth={2} />;
      })}
      <Legend labels={series.map((s) => `${s.label} (n=${s.values.length})`)} />
    </svg>
  );
}

function Axes({ xTicks, yTicks, xLabel, yLabel }: { xTicks: Array<[number, string]>; yTicks: Array<[number, string]>; xLabel: string; yLabel: string }) {
  return (
    <g className="axes" fontSize={9} fill="#555">
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#999" />
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} stroke="#999" />
      {xTicks.map(([px, label]) => <text key={`x${px}`} x={px} y={H - PAD.bottom + 12} textAnchor="middle">{label}</text>)}
      {yTicks.map(([py, label]) => <text key={`y${py}`} x={PAD.left - 4} y={py + 3} textAnchor="end">{label}</text>)}
      <text x={(PAD.left + W - PAD.right) / 2} y={H - 4} textAnchor="middle">{xLabel}</text>
      <text x={10} y={PAD.top - 10}>{yLabel}</text>
    </g>
  );
}

function Legend({ labels }: { labels: string[] }) {
  return (
    <g fontSize={9}>
      {labels.map((l, i) => (
        <g key={l} transform={`translate(${W - PAD.right - 170}, ${PAD.top + 4 + i * 12})`}>
          <rect width={10} height={3} y={-3} fill={armColor(i)} />
          <text x={14} y={0}>{l}</text>
        </g>
      ))}
    </g>
  );
}
