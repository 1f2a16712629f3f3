import { hostname as osHostname } from "node:os";
import type { Comparison, GateResult } from "../core/index.js";
import { caseRows, excerpt, type CaseRow } from "./case-rows.js";
import { comparisonTitle, formatGateValue, formatThreshold } from "./comparison-view.js";
import { formatPercent, formatScore, formatUsd } from "./format.js";
import type { ReportInput, Reporter, ReporterOptions, RunReport } from "./reporter.js";
import { attrs, junitTimestamp, seconds, xmlAttr, xmlText, xmlToken } from "./xml.js";

/**
 * JUnit XML valid against the Apache Ant schema (vendor/junit/JUnit.xsd): a testsuite
 * per run × arm with a testcase per case (failure when the case fails, error when only
 * errors kept it from passing, the grader reasons in the body), and a testsuite "gates"
 * with a testcase per gate per comparison: failure on FAIL, skipped on INCONCLUSIVE and
 * NOT_EVALUATED (CI shows them without failing the build; the exit code still says 4).
 */
export function createJunitReporter(options: ReporterOptions = {}): Reporter {
  const host = options.hostname ?? (osHostname() || "localhost");
  const maxChars = options.maxOutputChars ?? 400;
  return {
    format: "junit",
    extension: "xml",
    render(input: ReportInput): string {
      const suites: string[] = [];
      const multiRun = input.runs.length > 1;
      for (const r of input.runs) {
        for (const arm of r.run.arms.map((a) => a.arm)) suites.push(armSuite(r, arm, suites.length, host, multiRun, maxChars));
      }
      if (input.comparisons.length) suites.push(gatesSuite(input.comparisons, suites.length, host));
      return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join("\n")}\n</testsuites>\n`;
    },
  };
}

function armSuite(r: RunReport, arm: string, id: number, host: string, multiRun: boolean, maxChars: number): string {
  const rows = caseRows(r.attempts.filter((a) => a.arm === arm), r.cases);
  const info = r.run.arms.find((a) => a.arm === arm);
  const summary = r.arms.find((a) => a.arm === arm);
  const classname = `${r.run.suite}.${arm}`;
  const cases = rows.map((row) => testcase(row, classname, maxChars));
  const time = rows.reduce((s, row) => s + (row.latencyMs ?? 0) * (row.repeats - row.errored), 0);
  const head = attrs({
    name: xmlToken(multiRun ? `${arm} (${r.run.id})` : arm),
    timestamp: junitTimestamp(r.run.startedAt),
    hostname: xmlToken(host, "localhost"),
    tests: rows.length,
    failures: rows.filter((x) => x.result === "fail").length,
    errors: rows.filter((x) => x.result === "error").length,
    skipped: 0,
    time: seconds(time),
    package: xmlToken(`evalgate.${r.run.suite}`),
    id,
  });
  const props = properties({
    run: r.run.id,
    suite: r.run.suite,
    arm,
    api: info?.api ?? "",
    model: info?.model ?? "",
    simulated: String(info?.simulated ?? r.run.simulated),
    git_commit: r.run.gitCommit ?? "",
  });
  const out = summary
    ? `${arm}: ${summary.attempts} attempts, pass rate ${formatPercent(summary.passRate?.estimate)}, mean score ${formatScore(summary.meanScore)}, ${summary.errors} errors, cost/case ${formatUsd(summary.costPerCase)}`
    : `${arm}: ${rows.length} cases`;
  return `  <testsuite${head}>\n${props}\n${cases.join("\n")}${cases.length ? "\n" : ""}    <system-out>${xmlText(out)}</system-out>\n    <system-err></system-err>\n  </testsuite>`;
}

function testcase(row: CaseRow, classname: string, maxChars: number): string {
  const head = `    <testcase${attrs({ name: xmlToken(row.caseId), classname: xmlToken(classname), time: seconds((row.latencyMs ?? 0) * (row.repeats - row.errored)) })}`;
  const counts = `${row.passed}/${row.repeats} repeats passed, ${row.errored} errored; score ${formatScore(row.meanScore)}`;
  if (row.result === "pass") return `${head}/>`;
  if (row.result === "error") {
    const body = [counts, ...row.errors].join("\n");
    const type = row.errors[0]?.split(":")[0] ?? "error";
    return `${head}>\n      <error${attrs({ message: xmlAttr(row.errors[0] ?? "no output"), type: xmlAttr(type) })}>${xmlText(body)}</error>\n    </testcase>`;
  }
  const body = [counts, ...row.reasons, ...row.errors, "", "output:", excerpt(row.output ?? "(no output)", maxChars)].join("\n");
  const message = row.reasons[0] ?? `${row.passed}/${row.repeats} repeats passed`;
  return `${head}>\n      <failure${attrs({ message: xmlAttr(message), type: "grader" })}>${xmlText(body)}</failure>\n    </testcase>`;
}

function gatesSuite(comparisons: Comparison[], id: number, host: string): string {
  const cases = comparisons.flatMap((c) => c.verdict.gates.map((g) => gateCase(c, g)));
  const gates = comparisons.flatMap((c) => c.verdict.gates);
  const head = attrs({
    name: "gates",
    timestamp: junitTimestamp(comparisons[0]?.createdAt ?? ""),
    hostname: xmlToken(host, "localhost"),
    tests: gates.length,
    failures: gates.filter((g) => g.status === "FAIL").length,
    errors: 0,
    skipped: gates.filter((g) => g.status === "INCONCLUSIVE" || g.status === "NOT_EVALUATED").length,
    time: "0",
    package: "evalgate.gates",
    id,
  });
  const props = properties(Object.fromEntries(comparisons.map((c) => [`verdict ${comparisonTitle(c)}`, c.verdict.status])));
  const out = comparisons.map((c) => `${c.verdict.status}  ${comparisonTitle(c)}`).join("\n");
  return `  <testsuite${head}>\n${props}\n${cases.join("\n")}${cases.length ? "\n" : ""}    <system-out>${xmlText(out)}</system-out>\n    <system-err></system-err>\n  </testsuite>`;
}

function gateCase(c: Comparison, g: GateResult): string {
  const head = `    <testcase${attrs({ name: xmlToken(g.gate), classname: xmlToken(`gates.${c.baselineArm}->${c.candidateArm}`), time: "0" })}`;
  const text = `${g.status}: ${g.reason}${g.decide ? ` (${g.decide})` : ""}`;
  const body = `${text}\nfigure ${formatGateValue(g.gate, g.figure)}${g.interval ? ` [${formatGateValue(g.gate, g.interval[0])}, ${formatGateValue(g.gate, g.interval[1])}]` : ""}, threshold ${formatThreshold(g)}\n${comparisonTitle(c)}`;
  if (g.status === "PASS") return `${head}/>`;
  if (g.status === "FAIL") return `${head}>\n      <failure${attrs({ message: xmlAttr(text), type: "gate" })}>${xmlText(body)}</failure>\n    </testcase>`;
  return `${head}>\n      <skipped${attrs({ message: xmlAttr(text) })}>${xmlText(body)}</skipped>\n    </testcase>`;
}

function properties(values: Record<string, string>): string {
  const items = Object.entries(values).map(([k, v]) => `      <property${attrs({ name: xmlToken(k), value: xmlAttr(v) })}/>`);
  return items.length ? `    <properties>\n${items.join("\n")}\n    </properties>` : "    <properties></properties>";
}
