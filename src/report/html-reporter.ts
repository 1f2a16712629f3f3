import type { Comparison } from "../core/index.js";
import { caseRows, excerpt as cut, stripControl, type CaseRow } from "./case-rows.js";
import { DELTA_HEADER, GATE_HEADER, SLICE_HEADER, comparisonTitle, deltaRows, gateRows, pairingNotes, parityTable, sliceRows, topRegressions } from "./comparison-view.js";
import { formatMs, formatScore, formatUsd } from "./format.js";
import { costQualityChart, latencyChart, passRateChart, type ChartArm } from "./html-charts.js";
import { escapeHtml } from "./html-escape.js";
import { HTML_STYLE } from "./html-style.js";
import type { ReportInput, Reporter, ReporterOptions, RunReport } from "./reporter.js";
import { overallStatus } from "./verdict.js";
import { armTable } from "./arm-rows.js";
import { attemptFigures, costPer1kRequests } from "../stats/index.js";

/** Cases listed per run in the HTML report; more are counted, not shown (the dashboard pages them). */
const MAX_CASE_ROWS = 2000;

/**
 * One self-contained HTML file: inline CSS and SVG charts, no script and no external
 * reference, so it opens offline and from a CI artifact. All model output is escaped.
 */
export function createHtmlReporter(options: ReporterOptions = {}): Reporter {
  const limit = options.topRegressions ?? 10;
  const maxChars = options.maxOutputChars ?? 2000;
  return {
    format: "html",
    extension: "html",
    render(input: ReportInput): string {
      const overall = overallStatus(input.comparisons);
      const title = input.runs.length === 1 && input.runs[0] ? `${input.runs[0].run.suite} · ${input.runs[0].run.id}` : `evalgate report · ${input.runs.length} runs`;
      const body = [
        `<h1>${escapeHtml(title)} ${overall ? badge(overall) : ""}</h1>`,
        `<p class="meta">${escapeHtml(input.runs.map((r) => `${r.run.id}: ${r.run.status}, started ${r.run.startedAt}${r.run.simulated ? ", simulated" : ""}`).join(" · "))}</p>`,
        ...input.comparisons.map((c) => comparisonSection(c, input, limit, maxChars)),
        chartsSection(input),
        ...input.runs.map((r) => runSection(r, maxChars)),
      ];
      return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(title)}</title>\n<style>${HTML_STYLE}</style>\n</head>\n<body>\n${body.join("\n")}\n</body>\n</html>\n`;
    },
  };
}

/** An output excerpt without control characters (they render as boxes and carry nothing readable). */
function excerpt(text: string, max: number): string {
  return cut(stripControl(text), max);
}

function badge(status: string): string {
  return `<span class="badge ${escapeHtml(status)}">${escapeHtml(status)}</span>`;
}

function table(header: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`;
  const body = rows.map((row) => `<tr>${row.map((c, i) => `<td${numeric.has(i) ? ' class="num"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`);
  return `<table>${head}${body.join("")}</table>`;
}

function comparisonSection(c: Comparison, input: ReportInput, limit: number, maxChars: number): string {
  const parts = [`<h2>${badge(c.verdict.status)} ${escapeHtml(comparisonTitle(c))}</h2>`];
  parts.push(c.verdict.gates.length ? table(GATE_HEADER, gateRows(c)) : "<p>No gates: nothing to decide.</p>");
  parts.push(table(DELTA_HEADER, deltaRows(c, input), new Set([1, 2, 3])));
  const parity = parityTable(c);
  parts.push("missing" in parity ? `<p class="meta">${escapeHtml(parity.missing)}</p>` : `<h3>Parity</h3>${table(parity.header, parity.rows, new Set([1, 2, 3]))}<p class="meta">${escapeHtml(parity.note)}</p>`);
  const notes = pairingNotes(c);
  if (notes.length) parts.push(`<p class="meta">${notes.map(escapeHtml).join("<br>")}</p>`);
  const slices = sliceRows(c);
  if (slices.length) parts.push(`<details><summary>Per tag (${slices.length})</summary>${table(SLICE_HEADER, slices, new Set([1]))}</details>`);
  const regressions = topRegressions(c, input, limit);
  if (regressions.length) {
    const total = c.cases.filter((d) => d.outcome === "regression").length;
    parts.push(`<h3>Top regressions (${regressions.length} of ${total})</h3>`);
    for (const r of regressions) {
      const reasons = r.candidate?.reasons.length ? `<ul class="reasons">${r.candidate.reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join("")}</ul>` : "";
      parts.push(
        `<h4>${escapeHtml(r.delta.caseId)} <small>score ${escapeHtml(formatScore(r.delta.baselineScore))} → ${escapeHtml(formatScore(r.delta.candidateScore))}</small></h4>${reasons}` +
          `<div class="sides"><div>baseline<pre>${escapeHtml(excerpt(r.baselineText, maxChars))}</pre></div><div>candidate<pre>${escapeHtml(excerpt(r.candidateText, maxChars))}</pre></div></div>`,
      );
    }
  }
  return parts.join("\n");
}

function chartsSection(input: ReportInput): string {
  const multiRun = input.runs.length > 1;
  const arms: ChartArm[] = input.runs.flatMap((r) =>
    r.arms.map((s) => ({
      key: `${r.run.id}:${s.arm}`,
      label: multiRun ? `${s.arm} (${r.run.id.slice(-6)})` : s.arm,
      costPer1k: costPer1kRequests(r.attempts.filter((a) => a.arm === s.arm).map(attemptFigures)),
      passRate: s.passRate,
      latencies: Float64Array.from(r.attempts.filter((a) => a.arm === s.arm && a.status === "ok" && !a.replayed && a.output !== null).map((a) => a.output?.latency.totalMs ?? 0)).sort(),
    })),
  );
  if (arms.length === 0) return "";
  const fig = (caption: string, chart: string) => `<figure><figcaption>${escapeHtml(caption)}</figcaption>${chart}</figure>`;
  return `<h2>Charts</h2>\n<div class="charts">${fig("Cost vs quality per arm (95% intervals; dashed: the Pareto frontier)", costQualityChart(arms))}${fig("Pass rate per arm (95% Wilson interval)", passRateChart(arms))}${fig("Latency per arm (p5–p95, box p25–p75, median)", latencyChart(arms))}</div>`;
}

function runSection(r: RunReport, maxChars: number): string {
  const t = armTable(r.run, r.arms, ["arm", "model", "attempts", "passRate", "score", "errors", "costPerCase", "cachedInput", "totalCost", "p50", "p95", "judgeCost", "overhead"]);
  const warnings = r.run.arms.flatMap((a) => a.warnings.map((w) => `${a.arm}: ${w}`));
  const rows = caseRows(r.attempts, r.cases, r.run.arms.map((a) => a.arm));
  const more = rows.length > MAX_CASE_ROWS ? `<p class="meta">…and ${rows.length - MAX_CASE_ROWS} more cases (see \`evalgate report --format csv\`).</p>` : "";
  return [
    `<h2>Run ${escapeHtml(r.run.id)} · ${escapeHtml(r.run.suite)}</h2>`,
    `<p class="meta">${escapeHtml(`status ${r.run.status} · commit ${r.run.gitCommit ?? "—"}${r.run.gitDirty ? " (dirty)" : ""} · evalgate ${r.run.evalgateVersion}${r.run.tags.length ? ` · tags ${r.run.tags.join(", ")}` : ""}`)}</p>`,
    table(t.header, t.rows, t.numeric),
    `<p class="meta">${escapeHtml(t.note)}</p>`,
    warnings.length ? `<p class="meta">${warnings.map((w) => `warning: ${escapeHtml(w)}`).join("<br>")}</p>` : "",
    rows.length ? caseTable(rows.slice(0, MAX_CASE_ROWS), maxChars) + more : "",
  ].join("\n");
}

function caseTable(rows: CaseRow[], maxChars: number): string {
  const head = "<tr><th>arm</th><th>case</th><th>tags</th><th>result</th><th>passed</th><th>score</th><th>cost</th><th>latency</th><th>why / output</th></tr>";
  const body = rows.map((c) => {
    const why = [...c.reasons, ...c.errors].map((x) => `<div>${escapeHtml(x)}</div>`).join("");
    const output = c.output === null ? "" : `<details><summary>output</summary><pre>${escapeHtml(excerpt(c.output, maxChars))}</pre></details>`;
    return `<tr class="${c.result}"><td>${escapeHtml(c.arm)}</td><td>${escapeHtml(c.caseId)}</td><td>${escapeHtml(c.tags.join(", "))}</td><td class="result">${c.result}</td><td class="num">${c.passed}/${c.repeats}</td><td class="num">${formatScore(c.meanScore)}</td><td class="num">${escapeHtml(formatUsd(c.costUsd))}</td><td class="num">${escapeHtml(formatMs(c.latencyMs))}</td><td>${why}${output}</td></tr>`;
  });
  return `<h3>Cases</h3><table>${head}${body.join("")}</table>`;
}
