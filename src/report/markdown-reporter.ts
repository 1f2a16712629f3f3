import type { Comparison, VerdictStatus } from "../core/index.js";
import { caseRows, excerpt, stripControl } from "./case-rows.js";
import { DELTA_HEADER, GATE_HEADER, SLICE_HEADER, comparisonTitle, deltaRows, gateRows, pairingNotes, parityTable, sliceRows, topRegressions } from "./comparison-view.js";
import { formatScore } from "./format.js";
import type { ReportInput, Reporter, ReporterOptions, RunReport } from "./reporter.js";
import { overallStatus } from "./verdict.js";
import { armTable } from "./arm-rows.js";

const ICON: Record<VerdictStatus, string> = { PASS: "✅", FAIL: "❌", INCONCLUSIVE: "⚠️" };
/** Failing cases listed per run; the rest is counted, so a step summary stays readable. */
const MAX_CASE_ROWS = 50;

/**
 * GitHub-flavoured Markdown (for `$GITHUB_STEP_SUMMARY` and pull request comments): the
 * verdict, per comparison its gates and deltas as tables and its top regressions with
 * both outputs in fenced blocks, then per run its arms and the cases that did not pass.
 */
export function createMarkdownReporter(options: ReporterOptions = {}): Reporter {
  const limit = options.topRegressions ?? 5;
  const maxChars = options.maxOutputChars ?? 400;
  return {
    format: "markdown",
    extension: "md",
    render(input: ReportInput): string {
      const overall = overallStatus(input.comparisons);
      const title = overall === null ? "## evalgate report" : `## evalgate: ${ICON[overall]} ${overall}`;
      const parts = [title, ...input.comparisons.map((c) => comparisonSection(c, input, limit, maxChars)), ...input.runs.map(runSection)];
      return `${parts.join("\n\n")}\n`;
    },
  };
}

function comparisonSection(c: Comparison, input: ReportInput, limit: number, maxChars: number): string {
  const parts = [`### ${ICON[c.verdict.status]} ${c.verdict.status} · ${cell(comparisonTitle(c))}`];
  parts.push(c.verdict.gates.length ? table(GATE_HEADER, gateRows(c)) : "_No gates: nothing to decide._");
  parts.push(table(DELTA_HEADER, deltaRows(c, input)));
  const parity = parityTable(c);
  parts.push("missing" in parity ? `_${cell(parity.missing)}_` : `${table(parity.header, parity.rows)}\n\n<sub>${cell(parity.note)}</sub>`);
  const notes = pairingNotes(c);
  if (notes.length) parts.push(notes.map((n) => `> ${cell(n)}`).join("\n>\n"));
  const slices = sliceRows(c);
  if (slices.length) parts.push(`<details><summary>Per tag (${slices.length})</summary>\n\n${table(SLICE_HEADER, slices)}\n\n</details>`);
  const regressions = topRegressions(c, input, limit);
  if (regressions.length) {
    const total = c.cases.filter((d) => d.outcome === "regression").length;
    const items = regressions.map((r) => {
      const why = r.candidate?.reasons.length ? `\n\n${r.candidate.reasons.map((x) => `- ${cell(x)}`).join("\n")}` : "";
      return `**${cell(r.delta.caseId)}** (score ${formatScore(r.delta.baselineScore)} → ${formatScore(r.delta.candidateScore)})${why}\n\nbaseline:\n\n${fenced(excerpt(r.baselineText, maxChars))}\n\ncandidate:\n\n${fenced(excerpt(r.candidateText, maxChars))}`;
    });
    parts.push(`<details><summary>Top regressions (${regressions.length} of ${total})</summary>\n\n${items.join("\n\n")}\n\n</details>`);
  }
  return parts.join("\n\n");
}

function runSection(r: RunReport): string {
  const t = armTable(r.run, r.arms, ["arm", "model", "attempts", "passRate", "score", "errors", "costPerCase", "cachedInput", "p95", "judgeCost", "overhead"]);
  const commit = r.run.gitCommit ? ` · commit \`${r.run.gitCommit.slice(0, 7)}${r.run.gitDirty ? "*" : ""}\`` : "";
  const parts = [`### Run \`${r.run.id}\` · ${cell(r.run.suite)} · ${r.run.status}${r.run.simulated ? " · simulated" : ""}${commit}`, `${table(t.header, t.rows)}\n\n<sub>${t.note}</sub>`];
  const failing = caseRows(r.attempts, r.cases, r.run.arms.map((a) => a.arm)).filter((c) => c.result !== "pass");
  if (failing.length) {
    const shown = failing.slice(0, MAX_CASE_ROWS).map((c) => [c.arm, c.caseId, c.result, `${c.passed}/${c.repeats}`, formatScore(c.meanScore), [...c.reasons, ...c.errors].join("; ")]);
    const more = failing.length > MAX_CASE_ROWS ? `\n\n…and ${failing.length - MAX_CASE_ROWS} more.` : "";
    parts.push(`<details><summary>Cases that did not pass (${failing.length})</summary>\n\n${table(["arm", "case", "result", "passed", "score", "why"], shown)}${more}\n\n</details>`);
  }
  return parts.join("\n\n");
}

/** A GFM table; every cell escaped so a pipe, a newline or HTML in model text cannot break it. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

export function cell(text: string): string {
  return stripControl(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, "<br>");
}

/** A fenced code block whose fence is longer than any backtick run inside, so the text cannot close it. */
function fenced(text: string): string {
  const longest = Math.max(2, ...[...stripControl(text).matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${stripControl(text)}\n${fence}`;
}
