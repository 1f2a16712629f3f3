import { fitAxis, linearScale, percentTick } from "../../../src/report/chart-scale.js";
import { chartColor } from "../../../src/report/cost-quality-layout.js";
import type { TrendPoint } from "../api.js";
import { pct } from "../format.js";
import { href } from "../router.js";
import { armSeries, timeTicks, trendDomain } from "../trend-series.js";

const W = 560;
const H = 240;
const PAD = { left: 48, right: 20, top: 12, bottom: 58 };

/** A suite's pass rate per arm over time: dated x axis, a fitted y axis, each point a link to its run. */
export function ArmTrendChart({ suite, points }: { suite: string; points: readonly TrendPoint[] }) {
  const series = armSeries(points);
  const all = series.flatMap((s) => s.points);
  if (all.length === 0) return <p className="muted">no graded runs</p>;
  const ts = all.map((p) => p.t);
  const [t0, t1] = trendDomain(ts);
  const y = fitAxis(all.flatMap((p) => [p.rate]), { min: 0, max: 1 });
  const sx = linearScale([t0, t1], [PAD.left + 8, W - PAD.right - 8]);
  const sy = linearScale(y.domain, [H - PAD.bottom, PAD.top]);
  const { ticks, day } = timeTicks(t0, t1);
  return (
    <svg viewBox={`0 0 ${W} ${H - 6 + 16 * Math.ceil(series.length / 2)}`} className="chart trend" role="img" aria-label={`pass rate per arm over time for ${suite}`} data-chart="trend" data-suite={suite}>
      <g fontSize={9} fill="#555">
        {y.ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(v)} y2={sy(v)} stroke="#eef2f7" />
            <text x={PAD.left - 4} y={sy(v) + 3} textAnchor="end">{percentTick(v, y.step)}</text>
          </g>
        ))}
        {ticks.map((t, i) => (
          <text key={t.t} x={sx(t.t)} y={H - PAD.bottom + 13} textAnchor={i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle"} data-date-tick={t.label}>{t.label}</text>
        ))}
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#999" />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} stroke="#999" />
        <text x={(PAD.left + W - PAD.right) / 2} y={H - PAD.bottom + 28} textAnchor="middle">run started (UTC{day ? `, ${day}` : ""}) · click a point to open its run</text>
      </g>
      {series.map((s, i) => (
        <g key={s.arm} data-series={s.arm}>
          <path d={s.points.map((p, k) => `${k === 0 ? "M" : "L"}${sx(p.t)},${sy(p.rate)}`).join(" ")} fill="none" stroke={chartColor(i)} strokeWidth={2} />
          {s.points.map((p) => (
            <a key={p.runId} href={href(["runs", p.runId])} data-trend-run={p.runId}>
              <circle cx={sx(p.t)} cy={sy(p.rate)} r={4.5} fill={chartColor(i)} data-trend-point={p.rate}>
                <title>{`${s.arm} · ${p.runId} (${p.startedAt.slice(0, 16).replace("T", " ")}): ${pct(p.rate)} [${pct(p.low)}, ${pct(p.high)}]`}</title>
              </circle>
            </a>
          ))}
        </g>
      ))}
      {series.map((s, i) => (
        <g key={`legend-${s.arm}`} fontSize={10} transform={`translate(${PAD.left + (i % 2) * 250}, ${H - 12 + Math.floor(i / 2) * 16})`}>
          <rect width={10} height={3} y={-4} fill={chartColor(i)} />
          <text x={14} y={0}>{s.label.length > 40 ? `${s.label.slice(0, 39)}…` : s.label}</text>
        </g>
      ))}
    </svg>
  );
}
