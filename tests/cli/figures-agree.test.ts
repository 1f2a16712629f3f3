import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPercent, formatScore, formatUsd } from "../../src/core/index.js";
import type { JsonReport } from "../../src/report/index.js";
import { armTable } from "../../src/report/arm-rows.js";
import { escapeHtml } from "../../src/report/html-escape.js";
import type { RunDetailResponse, RunListResponse } from "../../src/server/api-types.js";
import { buildApp } from "../../src/server/index.js";
import type { ArmSummary } from "../../src/stats/index.js";
import { openStore, type RunSummary } from "../../src/store/index.js";
import { runCli } from "../helpers/cli.js";

/**
 * One definition per figure: for a run whose candidate arm has errored attempts, the
 * figures `run` prints, `runs --json` returns, every reporter writes and the dashboard API
 * serves are the same numbers, formatted the same way.
 */
const dir = mkdtempSync(join(tmpdir(), "evalgate-figures-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "evalgate.db");
const out = (name: string) => join(dir, "reports", name);

const SUITE = `name: figures
prompts:
  - id: p
    input: "Ticket: {{ticket}}"
    output: { name: t, schema: { type: object, additionalProperties: false, required: [team], properties: { team: { type: string } } } }
targets:
  - { id: base, api: chat, model: gpt-4.1-mini, base_url: sim, max_retries: 0, params: { max_output_tokens: 32 } }
  - { id: cand, api: responses, model: gpt-4.1-nano, base_url: sim, max_retries: 0, params: { max_output_tokens: 32 } }
cases:
${Array.from({ length: 24 }, (_, i) => `  - { id: c${String(i).padStart(2, "0")}, vars: { ticket: "ticket ${i}", team: ${["billing", "shipping", "technical"][i % 3]} } }`).join("\n")}
graders:
  - { type: equals, path: $.team, value: "{{team}}" }
repeat: 2
compare:
  - { baseline: base, candidate: cand }
gates:
  quality: { margin: 0.5 }
sim:
  seed: 11
  answer: { team: "{{team}}" }
  models:
    gpt-4.1-mini: { accuracy: 0.85, latency: { ttft_ms: 20, tokens_per_s: 2000, jitter: 0.3 } }
    gpt-4.1-nano: { accuracy: 0.75, latency: { ttft_ms: 10, tokens_per_s: 3000, jitter: 0.3 }, faults: { server_error: 0.2 } }
`;

let stdout = "";
let listed: RunSummary;
let report: JsonReport;

beforeAll(async () => {
  writeFileSync(join(dir, "package.json"), "{}\n");
  writeFileSync(join(dir, "figures.yaml"), SUITE);
  const run = await runCli(
    ["run", "figures.yaml", "--db", db, "--reporter", `json=${out("run.json")}`, "--reporter", `markdown=${out("run.md")}`, "--reporter", `html=${out("run.html")}`, "--junit", out("junit.xml")],
    { cwd: dir },
  );
  expect([0, 1, 4]).toContain(run.code);
  stdout = run.stdout;
  const runs = await runCli(["runs", "--db", db, "--json"], { cwd: dir });
  listed = (JSON.parse(runs.stdout) as RunSummary[])[0] as RunSummary;
  report = JSON.parse(readFileSync(out("run.json"), "utf8")) as JsonReport;
}, 60_000);

describe("one definition per figure", () => {
  it("the candidate arm has errors among its attempts, and its pass rate counts them as not passed", () => {
    const cand = listed.arms.find((a) => a.arm === "p@cand") as ArmSummary;
    expect(cand.errors).toBeGreaterThan(0);
    expect(cand.passRate?.estimate).toBe(cand.passed / cand.attempts);
    expect(cand.passed + cand.failed + cand.errors).toBe(cand.attempts);
  });

  it("runs --json, the JSON report and the dashboard API (list and detail) give the same arm figures", async () => {
    expect(report.runs[0]?.arms).toEqual(listed.arms);
    const store = await openStore(db, { readonly: true });
    const app = buildApp({ store });
    try {
      const detail = (await app.inject({ method: "GET", url: `/api/runs/${listed.run.id}` })).json() as RunDetailResponse;
      const list = (await app.inject({ method: "GET", url: "/api/runs" })).json() as RunListResponse;
      expect(detail.summary.arms).toEqual(listed.arms);
      expect(list.runs[0]?.arms).toEqual(listed.arms);
      expect(list.runs[0]?.totals).toEqual(listed.totals);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it("the console, Markdown, HTML and JUnit outputs show those figures formatted the same way", () => {
    const run = report.runs[0]?.run;
    if (!run) throw new Error("no run in the JSON report");
    const consoleRows = armTable(run, listed.arms, ["arm", "model", "attempts", "passRate", "score", "errors", "costPerCase", "totalCost", "p50", "p95", "ttftP50"]).rows;
    for (const row of consoleRows) {
      const line = stdout.split("\n").find((l) => l.startsWith(`${row[0]} `)) ?? "";
      for (const cell of row) expect(line).toContain(cell);
    }
    const markdown = readFileSync(out("run.md"), "utf8");
    for (const row of armTable(run, listed.arms, ["arm", "model", "attempts", "passRate", "score", "errors", "costPerCase", "p95"]).rows) {
      expect(markdown).toContain(`| ${row.join(" | ")} |`);
    }
    const html = readFileSync(out("run.html"), "utf8");
    for (const row of armTable(run, listed.arms, ["arm", "model", "attempts", "passRate", "score", "errors", "costPerCase", "totalCost", "p50", "p95"]).rows) {
      for (const cell of row) expect(html).toContain(escapeHtml(cell));
    }
    const junit = readFileSync(out("junit.xml"), "utf8");
    for (const a of listed.arms) {
      expect(junit).toContain(`pass rate ${formatPercent(a.passRate?.estimate)}, mean score ${formatScore(a.meanScore)}, ${a.errors} errors, cost/case ${formatUsd(a.costPerCase)}`);
    }
    expect(stdout).toContain("an errored attempt counts as not passed");
    expect(markdown).toContain("an errored attempt counts as not passed");
  });
});
