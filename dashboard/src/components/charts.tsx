/** Hand-written SVG charts: no chart library, a few hundred bytes each. */

const W = 420;
const H = 220;
const PAD = { left: 48, right: 16, top: 14, bottom: 34 };
const COLORS = ["#2563eb", "#d97706", "#059669", "#db2777", "#7c3aed", "#0891b2"];

export const armColor = (i: number) => COLORS[i % COLORS.length] as string;

function scale(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain;
  const span = d1 - d0 || 1;
  return (v: number) => range[0] + ((v - d0) / span) * (range[1] - range[0]);
}

function ticks(lo: number, hi: number, n = 4): number[] {
  return Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);
}

export interface CostQualityPoint {
  label: string;
  cost: number | null;
  quality: number | null;
  interval: [number, number] | null;
}

/** Cost per attempt (x) against pass rate (y) per arm, with the pass rate's 95% interval. */
export function CostQualityChart({ points, formatCost }: { points: CostQualityPoint[]; formatCost: (v: number) => string }) {
  const known = points.filter((p) => p.cost !== null && p.quality !== null);
  if (known.length === 0) return <p className="muted">no priced, graded attempts to chart</p>;
  const maxCost = Math.max(...known.map((p) => p.cost as number)) * 1.15 || 1;
  const x = scale([0, maxCost], [PAD.left, W - PAD.right]);
  const y = scale([0, 1], [H - PAD.bottom, PAD.top]);
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label="cost versus pass rate per arm" data-chart="cost-quality">
      <Axes xTicks={ticks(0, maxCost).map((v) => [x(v), formatCost(v)])} yTicks={ticks(0, 1).map((v) => [y(v), `${Math.round(v * 100)}%`])} xLabel="cost per attempt" yLabel="pass rate" />
      {points.map((p, i) =>
        p.cost === null || p.quality === null ? null : (
          <g key={p.label} data-point={p.label}>
            {p.interval ? <line x1={x(p.cost)} x2={x(p.cost)} y1={y(p.interval[0])} y2={y(p.interval[1])} stroke={armColor(i)} strokeWidth={2} /> : null}
            <circle cx={x(p.cost)} cy={y(p.quality)} r={5} fill={armColor(i)}>
              <title>{`${p.label}: ${(p.quality * 100).toFixed(1)}% at ${formatCost(p.cost)}`}</title>
            </circle>
            <text x={x(p.cost) + (x(p.cost) > W * 0.6 ? -8 : 8)} y={y(p.quality) - 6 + i * 12} fontSize={10} textAnchor={x(p.cost) > W * 0.6 ? "end" : "start"} fill={armColor(i)}>{p.label}</text>
          </g>
        ),
      )}
    </svg>
  );
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

export interface TrendPointView {
  label: string;
  value: number | null;
}

/** A suite's pass rate over its runs, oldest on the left. */
export function TrendChart({ points, name }: { points: TrendPointView[]; name: string }) {
  const known = points.map((p, i) => ({ ...p, i })).filter((p) => p.value !== null);
  if (known.length === 0) return <p className="muted">no graded runs</p>;
  const x = scale([0, Math.max(1, points.length - 1)], [PAD.left, W - PAD.right]);
  const y = scale([0, 1], [H - PAD.bottom, PAD.top]);
  const d = known.map((p, k) => `${k === 0 ? "M" : "L"}${x(p.i)},${y(p.value as number)}`).join(" ");
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="chart" role="img" aria-label={`pass rate over time for ${name}`} data-chart="trend" data-suite={name}>
      <Axes xTicks={[]} yTicks={ticks(0, 1).map((v) => [y(v), `${Math.round(v * 100)}%`])} xLabel={`${points.length} runs, oldest first`} yLabel="pass rate" />
      <path d={d} fill="none" stroke={armColor(0)} strokeWidth={2} />
      {known.map((p) => (
        <circle key={p.i} cx={x(p.i)} cy={y(p.value as number)} r={3.5} fill={armColor(0)} data-trend-point={p.value}>
          <title>{`${p.label}: ${((p.value as number) * 100).toFixed(1)}%`}</title>
        </circle>
      ))}
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
      <text x={10} y={PAD.top - 4}>{yLabel}</text>
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
