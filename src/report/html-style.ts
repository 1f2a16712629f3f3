/** The HTML report's only stylesheet, inlined: the file opens with no network. */
export const HTML_STYLE = `
:root { color-scheme: light; --pass: #15803d; --fail: #b91c1c; --inconclusive: #a16207; --muted: #6b7280; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 24px; color: #111827; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; color: #fff; font-weight: 600; font-size: 13px; }
.PASS { background: var(--pass); } .FAIL { background: var(--fail); } .INCONCLUSIVE { background: var(--inconclusive); } .NOT_EVALUATED { background: var(--muted); }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #e5e7eb; padding: 4px 8px; text-align: left; vertical-align: top; }
td:not(:last-child) { white-space: nowrap; }
th { background: #f9fafb; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.fail td.result { color: var(--fail); font-weight: 600; } tr.error td.result { color: var(--inconclusive); font-weight: 600; }
pre { white-space: pre-wrap; word-break: break-word; background: #f9fafb; border: 1px solid #e5e7eb; padding: 8px; margin: 4px 0; max-height: 320px; overflow: auto; font-size: 12px; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; } figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg .axis, svg .whisker { stroke: #374151; stroke-width: 1.5; } svg .grid { stroke: #e5e7eb; } svg .median { stroke: #111827; stroke-width: 2.5; }
svg text { font: 11px system-ui, sans-serif; fill: #374151; } svg .label { font-size: 12px; } svg .point { font-size: 11px; fill: #111827; }
.reasons { color: var(--fail); margin: 2px 0; padding-left: 18px; }
`;
