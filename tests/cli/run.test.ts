/**
 * `evalgate run` end to end: the real CLI in a child process, the real simulator on a
 * random loopback port (base_url: sim), a real SQLite file. Figures are checked against
 * what the simulator's seeded accuracy and the model catalog imply.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lookupModel, priceUsage } from "../../src/core/index.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

const suite = join(repoRoot, "tests/fixtures/run/triage.yaml");
const tmp = () => mkdtempSync(join(tmpdir(), "evalgate-run-"));

async function readRun(db: string) {
  const store = await openStore(db, { readonly: true });
  try {
    const [summary] = await store.listRuns();
    if (!summary) throw new Error("no run stored");
    const { attempts, total } = await store.listAttempts(summary.run.id, { limit: 10_000, offset: 0 });
    return { run: summary.run, summary, attempts, total, cases: await store.getCases(summary.run.id) };
  } finally {
    await store.close();
  }
}

describe("evalgate run", () => {
  it("runs every attempt, stores each once, and prints the per-arm figures", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const json = join(dir, "out.json");
    const r = await runCli(["run", suite, "--db", db, "--json", json, "--tag", "nightly"]);
    expect(r.stderr).not.toContain("Warning");
    expect(r.code).toBe(0);
    const { run, attempts, total, cases } = await readRun(db);
    expect(total).toBe(240); // 60 cases × 2 arms × 2 repeats
    expect(new Set(attempts.map((a) => `${a.caseId}/${a.arm}/${a.repeat}`)).size).toBe(240);
    expect(cases).toHaveLength(60);
    expect(run).toMatchObject({ suite: "run-fixture", status: "completed", simulated: true, tags: ["nightly"] });
    expect(run.suiteHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.arms.map((a) => a.arm)).toEqual(["triage@chat", "triage@resp"]);
    // accuracy 1.0: every answer is the case's answer, every grader passes.
    expect(attempts.every((a) => a.status === "ok" && a.pass === true && a.score === 1)).toBe(true);
    expect(r.stdout).toMatch(/triage@chat\s+chat · gpt-4\.1-mini \(sim\)\s+120\s+100\.0% \[96\.9%, 100\.0%\]\s+1\.000\s+0/);
    // The JSON report holds the same figures and every attempt.
    const report = JSON.parse(readFileSync(json, "utf8"));
    expect(report.runs[0].attempts).toHaveLength(240);
    expect(report.runs[0].arms.map((a: { passed: number }) => a.passed)).toEqual([120, 120]);
    expect(report.runs[0].cases).toHaveLength(120); // a row per case × arm
  });

  it("prices every attempt from the catalog and sums the arm's cost", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const r = await runCli(["run", suite, "--db", db, "--repeat", "1", "--json", join(dir, "o.json")]);
    expect(r.code).toBe(0);
    const { attempts } = await readRun(db);
    const pricing = lookupModel("gpt-4.1-mini")!.pricing!;
    expect(pricing).toMatchObject({ input: 0.4, output: 1.6 });
    let chatTotal = 0;
    for (const a of attempts) {
      const usage = a.output!.usage!;
      expect(usage.inputTokens).toBeGreaterThan(10);
      const expected = (usage.inputTokens * 0.4 + usage.outputTokens * 1.6) / 1e6;
      expect(a.cost.usd).toBeCloseTo(expected, 12);
      expect(priceUsage(usage, pricing).usd).toBeCloseTo(expected, 12);
      if (a.arm === "triage@chat") chatTotal += expected;
    }
    const report = JSON.parse(readFileSync(join(dir, "o.json"), "utf8"));
    const chat = report.runs[0].arms.find((a: { arm: string }) => a.arm === "triage@chat");
    expect(chat.totalCost).toBeCloseTo(chatTotal, 12);
    expect(chat.costPerCase).toBeCloseTo(chatTotal / 60, 12);
  });

  it("has pass rates that follow the simulator's accuracy, equal through both APIs", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const simConfig = join(dir, "sim.yaml");
    writeFileSync(simConfig, "seed: 11\nanswer: { team: \"{{team}}\" }\nmodels:\n  gpt-4.1-mini: { accuracy: 0.7 }\n");
    const r = await runCli(["run", suite, "--db", db, "--sim-config", simConfig, "--repeat", "3"]);
    expect(r.code).toBe(0);
    const { attempts } = await readRun(db);
    const passed = (arm: string) => attempts.filter((a) => a.arm === arm && a.pass).length;
    const chat = passed("triage@chat");
    // The same model through both APIs draws the same answers (seeded by model, case, repeat).
    expect(passed("triage@resp")).toBe(chat);
    // 180 attempts at accuracy 0.7; some perturbations (e.g. a truncation keeping the label)
    // may still pass, so the rate sits between 1 − 0.3×(mean difficulty 1) and 1.
    expect(chat / 180).toBeGreaterThan(0.55);
    expect(chat / 180).toBeLessThan(0.9);
    expect(attempts.filter((a) => a.pass === false).every((a) => a.scores.some((s) => !s.pass))).toBe(true);
  });

  it("re-runs only the cases that failed in an earlier run (--filter-failing)", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const simConfig = join(dir, "sim.yaml");
    writeFileSync(simConfig, "seed: 11\nanswer: { team: \"{{team}}\" }\nmodels:\n  gpt-4.1-mini: { accuracy: 0.6 }\n");
    expect((await runCli(["run", suite, "--db", db, "--sim-config", simConfig, "--repeat", "1", "--tag", "first"])).code).toBe(0);
    const store = await openStore(db, { readonly: true });
    const first = await store.resolveRunRef("tag:first");
    const failing = new Set((await store.listAttempts(first.id, { limit: 1000, offset: 0 })).attempts.filter((a) => !a.pass).map((a) => a.caseId));
    await store.close();
    expect(failing.size).toBeGreaterThan(5);
    const r = await runCli(["run", suite, "--db", db, "--repeat", "1", "--filter-failing", "tag:first", "--tag", "second"]);
    expect(r.code).toBe(0);
    const again = await openStore(db, { readonly: true });
    const second = await again.resolveRunRef("tag:second");
    const attempts = (await again.listAttempts(second.id, { limit: 1000, offset: 0 })).attempts;
    await again.close();
    expect(new Set(attempts.map((a) => a.caseId))).toEqual(failing);
    expect(attempts).toHaveLength(failing.size * 2);
  });

  it("selects targets, cases and repeats from the flags", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const r = await runCli(["run", suite, "--db", db, "--targets", "resp", "--filter-tag", "critical", "--repeat", "1"]);
    expect(r.code).toBe(0);
    const { attempts, run } = await readRun(db);
    expect(run.arms.map((a) => a.arm)).toEqual(["triage@resp"]);
    expect(attempts).toHaveLength(6); // cases 0, 10, …, 50 are tagged critical
  });

  it("rejects bad flags with exit 2 and writes no run", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const bad = await runCli(["run", suite, "--db", db, "--repeat", "zero"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error[BAD_FLAG] --repeat must be a positive integer, got 'zero'");
    const unknown = await runCli(["run", suite, "--db", db, "--targets", "nope"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("`nope` is not a target of run-fixture");
    expect(unknown.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("asks for the API key a real endpoint needs, naming the variable", async () => {
    const dir = tmp();
    const yaml = readFileSync(suite, "utf8").replaceAll("base_url: sim", "base_url: http://127.0.0.1:9/v1, api_key_env: TEAM_OPENAI_KEY");
    writeFileSync(join(dir, "suite.yaml"), yaml);
    writeFileSync(join(dir, "tickets.jsonl"), readFileSync(join(repoRoot, "tests/fixtures/run/tickets.jsonl")));
    const r = await runCli(["run", join(dir, "suite.yaml"), "--db", join(dir, "e.db")], { env: { TEAM_OPENAI_KEY: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("$TEAM_OPENAI_KEY");
  });

  it("exits 3 when the endpoint is unreachable and every attempt errors, storing the causes", async () => {
    const dir = tmp();
    const yaml = readFileSync(suite, "utf8").replaceAll("base_url: sim", "base_url: http://127.0.0.1:9/v1, max_retries: 0");
    writeFileSync(join(dir, "suite.yaml"), yaml);
    writeFileSync(join(dir, "tickets.jsonl"), readFileSync(join(repoRoot, "tests/fixtures/run/tickets.jsonl")));
    const db = join(dir, "e.db");
    const r = await runCli(["run", join(dir, "suite.yaml"), "--db", db, "--filter-tag", "critical", "--repeat", "1"], { env: { OPENAI_API_KEY: "sk-test" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("error[ALL_ATTEMPTS_FAILED]");
    const { attempts, run } = await readRun(db);
    expect(run.status).toBe("failed");
    expect(attempts).toHaveLength(12);
    expect(attempts.every((a) => a.status === "error" && a.error?.kind === "connection")).toBe(true);
  });
});
