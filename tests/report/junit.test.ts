import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createReporter } from "../../src/report/index.js";
import { repoRoot } from "../helpers/cli.js";
import { fixtureInput, fixtureRun } from "./fixtures.js";
import { ARM_A, makeRun } from "../../src/store/store-fixtures.js";

const XSD = resolve(repoRoot, "vendor/junit/JUnit.xsd");
const hasXmllint = spawnSync("xmllint", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "evalgate-junit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function xmllint(xml: string): { status: number | null; stderr: string } {
  const file = join(dir, `report-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync("xmllint", ["--noout", "--schema", XSD, file], { encoding: "utf8" });
  return { status: r.status, stderr: r.stderr };
}

/** The attributes of each <testsuite> start tag, in order. */
function suites(xml: string): Array<Record<string, string>> {
  return [...xml.matchAll(/<testsuite ([^>]*)>/g)].map((m) => Object.fromEntries([...(m[1] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
}

const junit = createReporter("junit", { hostname: "ci-runner" });

describe("JUnit reporter", () => {
  const xml = junit.render(fixtureInput());

  it.skipIf(!hasXmllint)("validates against vendor/junit/JUnit.xsd (xmllint)", () => {
    const r = xmllint(xml);
    expect(r.stderr).toContain("validates");
    expect(r.status).toBe(0);
  });

  it.skipIf(!hasXmllint)("still validates with hostile output, several runs and no comparisons", () => {
    const other = fixtureRun();
    const second = { ...other, run: makeRun({ id: "run_20261125T110000Z_bbbbbb", arms: [ARM_A] }), attempts: other.attempts.filter((a) => a.arm === ARM_A.arm).map((a) => ({ ...a, runId: "run_20261125T110000Z_bbbbbb" })) };
    expect(xmllint(junit.render({ runs: [fixtureRun(), second], comparisons: [] })).status).toBe(0);
    expect(xmllint(junit.render({ runs: [], comparisons: [] })).status).toBe(0);
  });

  it("has a testsuite per arm with counts per case, and a gates testsuite with a testcase per gate", () => {
    expect(suites(xml).map((s) => [s.name, s.id, s.tests, s.failures, s.errors, s.skipped, s.timestamp, s.hostname, s.package])).toEqual([
      ["support@gpt-4o-mini", "0", "4", "1", "0", "0", "2026-11-25T10:00:00", "ci-runner", "evalgate.support-triage"],
      ["support@gpt-5-mini-responses", "1", "4", "1", "1", "0", "2026-11-25T10:00:00", "ci-runner", "evalgate.support-triage"],
      ["gates", "2", "5", "2", "0", "2", "2026-11-25T11:05:00", "ci-runner", "evalgate.gates"],
    ]);
    expect(suites(xml)[0]?.time).toBe("1.600");
  });

  it("puts the grader reasons in a failure, the error kind in an error, and skips INCONCLUSIVE and NOT_EVALUATED gates", () => {
    expect(xml).toContain('<failure message="team: expected team=billing, got team=sales" type="grader">');
    expect(xml).toMatch(/<testcase name="case-002" classname="support-triage.support@gpt-5-mini-responses" time="0.000">\s*<error message="rate_limit: 429 Too Many Requests for case-002" type="rate_limit">/);
    expect(xml).toContain('<skipped message="INCONCLUSIVE: the interval contains 80.0% (needs ~60 cases)">');
    expect(xml).toContain('<skipped message="NOT_EVALUATED: replayed attempts: latency not evaluated">');
    expect(xml).toMatch(/<testcase name="cost" [^>]*\/>/);
  });

  it("escapes model output and drops characters XML cannot carry", () => {
    expect(xml).toContain("&lt;script&gt;alert(1)&lt;/script&gt; | pipe ]]&gt; bell");
    expect(xml).not.toMatch(/[\u0007\u001b]/);
    expect(xml).not.toContain("<script>");
  });
});
