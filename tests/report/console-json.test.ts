import { describe, expect, it } from "vitest";
import { buildJsonReport, createReporter, verdictExitCode, type JsonReport } from "../../src/report/index.js";
import { fixtureComparison, fixtureInput, fixtureRun, RUN_ID } from "./fixtures.js";

describe("console reporter", () => {
  const text = createReporter("console").render(fixtureInput());
  const lines = text.split("\n");

  it("prints the verdict first, then the gates, the deltas table and the top regressions, in that order", () => {
    expect(lines[0]).toBe("verdict: FAIL (1 comparison)");
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle));
    expect(at("✗ quality")).toBeGreaterThan(0);
    expect(lines.findIndex((l) => /^figure\s+baseline\s+candidate/.test(l))).toBeGreaterThan(at("? pass_rate"));
    expect(at("top regressions (2 of 2)")).toBeGreaterThan(at("error rate"));
  });

  it("shows each delta with its interval and both arms' figures", () => {
    expect(lines.find((l) => l.startsWith("mean score"))).toMatch(/^mean score\s+0\.800\s+0\.550\s+−0\.250 \[−0\.600, −0\.050\]$/);
    expect(lines.find((l) => l.startsWith("pass rate"))).toMatch(/75\.0%\s+50\.0%\s+−25\.0 pp \[−55\.0 pp, \+5\.0 pp\]$/);
    expect(lines.find((l) => l.startsWith("cost per case"))).toMatch(/\$0\.000250\s+\$0\.000188\s+−25\.0% \[−30\.0%, −20\.0%\]$/);
    expect(lines.find((l) => l.startsWith("latency p95"))).toMatch(/400 ms\s+500 ms\s+\+25\.0% \[\+10\.0%, \+40\.0%\]$/);
    expect(lines.find((l) => l.startsWith("regressions / fixes"))).toMatch(/2 \/ 1 \/ 0 flaky \(McNemar p=1\.000\)$/);
  });

  it("lists the reasons of the gates that did not pass under the gates table, not those that passed", () => {
    expect(lines).toContain("  pass_rate: the interval contains 80.0% (needs ~60 cases)");
    expect(lines).toContain("  quality: the candidate is worse: U < 0");
    expect(lines).toContain("  latency_p95: replayed attempts: latency not evaluated");
    expect(lines.some((l) => l.includes("cost falls"))).toBe(false);
  });

  it("shows a regression with both outputs and the failing reason, control characters removed", () => {
    const i = lines.findIndex((l) => l.includes("case-000 [billing, critical]"));
    expect(lines[i]).toContain("score 1.000 → 0.000");
    expect(lines[i + 1]).toBe('    baseline:  {"team":"billing"} for case-000');
    expect(lines[i + 2]).toBe("    candidate: <script>alert(1)</script> | pipe ]]> bell red & `code`");
    expect(lines[i + 3]).toBe("    ✗ team: expected team=billing, got team=sales");
    expect(text).not.toMatch(/[\u0007\u001b]/);
    expect(text).toContain("candidate: [error] rate_limit: 429 Too Many Requests for case-002");
  });

  it("prints the comparison's notes, or else the counts of cases left out of the pairing", () => {
    expect(lines.filter((l) => l.startsWith("note: "))).toEqual([]);
    const left = createReporter("console").render(fixtureInput([fixtureComparison({ changedCases: ["case-009"], onlyInCandidate: ["case-010", "case-011"] })]));
    expect(left).toContain("note: 1 case(s) changed their vars between the runs and are left out of the pairing\nnote: 2 case(s) only in the candidate");
    const noted = createReporter("console").render(fixtureInput([fixtureComparison({ notes: ["gates apply to all paired cases, not per tag"] })]));
    expect(noted).toContain("note: gates apply to all paired cases, not per tag");
    // A comparison stored before method versions is labelled: its verdict followed earlier rules.
    const old = createReporter("console").render(fixtureInput([fixtureComparison({ method: undefined })]));
    expect(old).toContain("note: made by earlier verdict rules (method 1; these are method 3)");
  });

  it("shows a baseline from another run when it is given as related, and says so when it is not in the report", () => {
    const other = "run_20261124T100000Z_cccccc";
    const base = fixtureRun();
    const related = { ...base, run: { ...base.run, id: other }, attempts: base.attempts.map((a) => ({ ...a, runId: other })) };
    const cross = fixtureComparison({ baselineRunId: other });
    const missing = createReporter("console").render({ runs: [fixtureRun()], comparisons: [cross] });
    expect(missing).toContain(`    baseline:  (run ${other} is not in this report)`);
    const withRelated = createReporter("console").render({ runs: [fixtureRun()], comparisons: [cross], related: [related] });
    expect(withRelated).toContain('    baseline:  {"team":"billing"} for case-000');
    expect(buildJsonReport({ runs: [fixtureRun()], comparisons: [cross], related: [related] }).runs.map((r) => r.run.id)).toEqual([RUN_ID]);
  });

  it("colours only when asked", () => {
    expect(createReporter("console", { color: true }).render(fixtureInput())).toContain("\u001b[31m");
  });

  it("limits regressions to topRegressions", () => {
    const one = createReporter("console", { topRegressions: 1 }).render(fixtureInput());
    expect(one).toContain("top regressions (1 of 2)");
    expect(one).not.toContain("case-002 [billing]");
  });

  it("without comparisons prints each run's arm summary and says there is nothing to gate", () => {
    const out = createReporter("console").render(fixtureInput([]));
    expect(out).toContain(`run ${RUN_ID}`);
    expect(out.trimEnd().endsWith("no comparisons: no gates to apply")).toBe(true);
  });
});

describe("JSON reporter", () => {
  it("carries the verdict, the exit code, per-arm figures and a row per case × arm", () => {
    const parsed = JSON.parse(createReporter("json").render(fixtureInput())) as JsonReport;
    expect(parsed).toMatchObject({ format: "evalgate-report", version: 3, verdict: "FAIL", exitCode: 1 });
    expect(parsed.runs[0]?.cases).toHaveLength(8);
    expect(parsed.runs[0]?.cases.filter((c) => c.result === "fail").map((c) => `${c.arm}/${c.caseId}`)).toEqual([
      "support@gpt-4o-mini/case-003",
      "support@gpt-5-mini-responses/case-000",
    ]);
    expect(parsed.runs[0]?.arms[1]?.passRate?.estimate).toBe(0.5);
    expect(parsed.comparisons[0]?.verdict.gates).toHaveLength(5);
  });

  it("has a null verdict and exit code 0 with no comparisons", () => {
    expect(buildJsonReport(fixtureInput([]))).toMatchObject({ verdict: null, exitCode: 0, comparisons: [] });
  });
});

describe("verdictExitCode", () => {
  const withStatus = (status: "PASS" | "FAIL" | "INCONCLUSIVE") => fixtureComparison({ verdict: { status, gates: [] } });
  it("is 0 for PASS or no comparisons, 4 for INCONCLUSIVE, and 1 as soon as one verdict FAILs", () => {
    expect(verdictExitCode([])).toBe(0);
    expect(verdictExitCode([withStatus("PASS")])).toBe(0);
    expect(verdictExitCode([withStatus("PASS"), withStatus("INCONCLUSIVE")])).toBe(4);
    expect(verdictExitCode([withStatus("INCONCLUSIVE"), withStatus("FAIL")])).toBe(1);
  });
});

describe("registry", () => {
  it("resolves aliases and lists the known formats for an unknown name", () => {
    expect(createReporter("md").format).toBe("markdown");
    expect(createReporter("xml").extension).toBe("xml");
    expect(() => createReporter("pdf")).toThrowError(/unknown report format 'pdf'/);
    try {
      createReporter("pdf");
    } catch (e) {
      expect((e as { code: string; hint: string }).code).toBe("BAD_FLAG");
      expect((e as { hint: string }).hint).toBe("known formats: console, json, junit, markdown, csv, html, md (= markdown), xml (= junit), text (= console)");
    }
  });
});
