import { GATE_HEADER, SLICE_HEADER } from "../report/index.js";
import type { RolloutArtifact, RolloutComparison, RolloutStage } from "./artifact-schema.js";
import { formatCount, formatHours, formatMetricIncrease, formatMetricLevel } from "./format.js";

/**
 * What the Markdown and HTML renderings of a rollout artifact show, built once (the JSON is
 * the artifact itself). Gates and segments are formatted by the report's own functions, the
 * parity card is core's: a figure reads the same here as in every report.
 */
export interface ViewTable {
  header: string[];
  rows: string[][];
}

export interface ViewBlock {
  heading: string;
  table?: ViewTable;
  lines?: string[];
}

export interface ViewSection {
  title: string;
  status: string;
  blocks: ViewBlock[];
}

export interface RolloutView {
  title: string;
  meta: string[];
  sections: ViewSection[];
}

export function rolloutView(a: RolloutArtifact): RolloutView {
  const traffic = a.trafficPerHour === null ? "durations: give --traffic-per-hour" : `traffic: ${formatCount(a.trafficPerHour)} requests/hour`;
  return {
    title: `evalgate rollout: ${a.run.suite} · ${a.run.id}`,
    meta: [
      `stages ${a.stages.map((s) => `${s}%`).join(" → ")} · a breach of each margin shown with ${Math.round(a.power * 100)}% power · ${traffic}${a.run.simulated ? " · eval simulated" : ""}`,
      `written ${a.createdAt} by evalgate ${a.evalgateVersion}; the JSON form (--format json) is what \`evalgate rollout check\` reads`,
    ],
    sections: a.comparisons.map(comparisonSection),
  };
}

function comparisonSection(c: RolloutComparison): ViewSection {
  const runs = c.baselineRunId === c.candidateRunId ? `run ${c.candidateRunId}` : `runs ${c.baselineRunId} → ${c.candidateRunId}`;
  const blocks: ViewBlock[] = [
    c.verdict.gates.length
      ? { heading: "Gates", table: { header: GATE_HEADER, rows: c.verdict.gates.map((g) => [g.gate, g.status, g.shown.figure, g.shown.threshold, g.shown.interval, g.decide ? `${g.reason} (${g.decide})` : g.reason]) } }
      : { heading: "Gates", lines: ["No gates: nothing to decide."] },
  ];
  if (c.segments.length) {
    blocks.push({
      heading: "Segments (case tags; McNemar's p Holm-adjusted over the segments in parentheses)",
      table: {
        header: SLICE_HEADER,
        rows: c.segments.map((s) => s.shown),
      },
    });
  }
  blocks.push(c.parity ? { heading: "Parity", table: { header: c.parity.header, rows: c.parity.rows.map((r) => [r.figure, r.baseline, r.candidate, r.difference]) }, lines: [c.parity.note] } : { heading: "Parity", lines: ["not stored with this comparison: run `evalgate compare` again to compute it"] });
  blocks.push({
    heading: "What production shows (per-request metrics, treatment vs control)",
    table: {
      header: ["metric", "over", "eval baseline", "eval candidate", "margin (breach above)", "margin from", "alert above (treatment alone)", "measured by"],
      rows: c.metrics.map((m) => [
        m.key === "slow_requests" && c.slowAboveMs !== null ? `${m.label} (${Math.round(c.slowAboveMs)} ms)` : m.label,
        m.over,
        formatMetricLevel(m, m.eval.baseline),
        formatMetricLevel(m, m.eval.candidate),
        formatMetricIncrease(m, m.margin),
        m.marginSource,
        formatMetricLevel(m, m.alertAbove),
        m.measuredBy,
      ]),
    },
  });
  blocks.push({ heading: "Staged plan", table: { header: ["stage", "requests (both arms)", "treatment / control", "duration", "decided last by"], rows: c.plan.map((s) => stageRow(c, s)) } });
  for (const s of c.plan) {
    blocks.push({
      heading: `Stage ${s.percent}%`,
      table: {
        header: ["metric", "requests (checked continuously)", "requests (one look)", "treatment", "control", "duration"],
        rows: s.metrics.map((r) => [labelOf(c, r.key), formatCount(r.requests), formatCount(r.oneLookRequests), formatCount(r.treatmentRequests), s.percent >= 100 ? "(the previous stage's)" : formatCount(r.controlRequests), formatHours(r.hours)]),
      },
    });
  }
  blocks.push({
    heading: "Roll back, hold, continue",
    lines: [
      "`evalgate rollout check` compares the stage's canary logs with the control's on each metric, with bounds that hold however often it is run:",
      "roll back (exit 1) when a metric's increase over control is shown above 0 and not shown to be inside its margin; continue (exit 0) when every metric's increase is shown to be below its margin; hold (exit 4) otherwise.",
      "Without a control log, alert when the treatment's own level passes `alert above`.",
    ],
  });
  blocks.push({ heading: "Offline only (need ground truth; decided by the eval, not in production)", lines: c.offlineOnly.map((o) => `${o.label}: ${o.why}`) });
  return { title: `${c.baselineArm} → ${c.candidateArm} (${runs})`, status: c.verdict.status, blocks };
}

function stageRow(c: RolloutComparison, s: RolloutStage): string[] {
  const checked = s.metrics.filter((r) => c.metrics.find((m) => m.key === r.key)?.measuredBy === "rollout check");
  const last = checked.reduce<(typeof checked)[number] | null>((best, r) => (best === null || r.requests > best.requests ? r : best), null);
  const split = last ? (s.percent >= 100 ? `${formatCount(s.requests)} / —` : `${formatCount(Math.ceil((s.requests * s.percent) / 100))} / ${formatCount(s.requests - Math.ceil((s.requests * s.percent) / 100))}`) : "—";
  return [`${s.percent}%`, formatCount(s.requests), split, formatHours(s.hours), last ? labelOf(c, last.key) : "—"];
}

function labelOf(c: RolloutComparison, key: string): string {
  return c.metrics.find((m) => m.key === key)?.label ?? key;
}
