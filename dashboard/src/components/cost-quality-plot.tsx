import { chartColor, costQualityLayout, type CostQualityPoint } from "../../../src/report/cost-quality-layout.js";

const WIDTH = 640;
const PLOT_HEIGHT = 260;

/**
 * Pass rate against cost per 1,000 requests, both with their 95% intervals, drawn from the
 * one layout the HTML report draws too (src/report/cost-quality-layout.ts): axes fitted to
 * the arms, ticks inside the drawing, labels that never overlap, every arm in the legend,
 * the Pareto frontier dashed. `title` per point is the hover text.
 */
export function CostQualityPlot({ points, titles }: { points: CostQualityPoint[]; titles: Record<string, string> }) {
  if (points.length === 0) return <p className="muted">no arms to chart</p>;
  const layout = costQualityLayout(points, { width: WIDTH, plotHeight: PLOT_HEIGHT });
  const { plot } = layout;
  const bottom = plot.y + plot.height;
  const labelOf = new Map(layout.points.map((p) => [p.key, p.label]));
  return (
    <svg viewBox={`0 0 ${layout.width} ${layout.height}`} className="chart wide" role="img" aria-label="pass rate against cost per 1,000 requests per arm" data-chart="cost-quality" data-zoom={layout.zoomNote ?? ""}>
      <g className="axes" fontSize={10} fill="#555">
        {layout.yTicks.map((t) => (
          <g key={`y${t.label}`} data-y-tick={t.label}>
            <line x1={plot.x} x2={plot.x + plot.width} y1={t.at} y2={t.at} stroke="#e5e7eb" />
            <text x={plot.x - 6} y={t.at + 3} textAnchor="end">{t.label}</text>
          </g>
        ))}
        {layout.xTicks.map((t) => (
          <g key={`x${t.label}`} data-x-tick={t.label}>
            <line x1={t.at} x2={t.at} y1={bottom} y2={bottom + 4} stroke="#999" />
            <text x={t.at} y={bottom + 15} textAnchor="middle">{t.label}</text>
          </g>
        ))}
        <line x1={plot.x} x2={plot.x + plot.width} y1={bottom} y2={bottom} stroke="#999" />
        <line x1={plot.x} x2={plot.x} y1={plot.y} y2={bottom} stroke="#999" />
        <text x={layout.xTitle.x} y={layout.xTitle.y} textAnchor="middle">{layout.xTitle.text}</text>
        <text x={layout.yTitle.x} y={layout.yTitle.y} textAnchor="middle" transform={`rotate(-90 ${layout.yTitle.x} ${layout.yTitle.y})`}>{layout.yTitle.text}</text>
        {layout.zoomNote ? <text x={plot.x + plot.width} y={bottom - 6} textAnchor="end" data-zoom-note>{layout.zoomNote}</text> : null}
      </g>
      {layout.frontier.length > 1 ? <polyline points={layout.frontier.map(([x, y]) => `${x},${y}`).join(" ")} fill="none" stroke="#6b7280" strokeDasharray="5 4" data-frontier /> : null}
      {layout.points.map((p) => (
        <g key={p.key} data-point={p.key} data-frontier-point={p.frontier || undefined}>
          <line x1={p.x} x2={p.x} y1={p.yLow} y2={p.yHigh} stroke={chartColor(p.colorIndex)} strokeWidth={1.5} />
          <line x1={p.xLow} x2={p.xHigh} y1={p.y} y2={p.y} stroke={chartColor(p.colorIndex)} strokeWidth={1.5} />
          <circle cx={p.x} cy={p.y} r={5} fill={chartColor(p.colorIndex)} stroke={p.frontier ? "#111827" : "none"} strokeWidth={1.5}>
            <title>{titles[p.key] ?? p.label}</title>
          </circle>
        </g>
      ))}
      {layout.labels.map((l) => (
        <text key={l.key} x={l.x} y={l.y} fontSize={11} textAnchor={l.anchor} data-label={l.key}>{labelOf.get(l.key)}</text>
      ))}
      {layout.legend.map((item) => (
        <g key={item.key} data-legend={item.key} fontSize={11}>
          <circle cx={item.x} cy={item.y - 4} r={5} fill={chartColor(item.colorIndex)} />
          <text x={item.x + 10} y={item.y}>{item.note ? `${item.label} (${item.note})` : item.label}</text>
        </g>
      ))}
    </svg>
  );
}
