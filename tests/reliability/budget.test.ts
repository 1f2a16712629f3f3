/**
 * Budget: a run with --max-cost stops before the cap, says what it spent and what remains,
 * and that spend is the sum of the stored attempts' costs; resumed with a larger budget it
 * completes without sending a stored attempt again.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logKey, readLog, rowKey, scratch, spawnCli, startSuiteOnSim, storedAttempts, storedRuns, writeSuite, type SimProcess } from "./harness.js";

const { dir, db, log, env } = scratch("budget");
const spec = {
  dir,
  name: "budget",
  cases: 150,
  // gpt-4.1: $2 in / $8 out per 1M tokens; max_output_tokens 32 bounds each attempt's output.
  targets: [{ id: "chat", api: "chat" as const, model: "gpt-4.1" }, { id: "resp", api: "responses" as const, model: "gpt-4.1" }],
  sim: "{ seed: 9, answer: { team: \"{{team}}\" }, models: { default: { accuracy: 0.9, latency: { ttft_ms: 5 } } } }",
};
let sim: SimProcess;
let suite: string;

beforeAll(async () => {
  ({ sim, suite } = await startSuiteOnSim(spec, log));
}, 30_000);
afterAll(async () => sim?.stop());

function reportedBudget(stderr: string) {
  const m = /budget: spent \$([\d.]+) of \$([\d.]+), \$([\d.]+) remains/.exec(stderr);
  if (!m) throw new Error(`no budget line in: ${stderr}`);
  return { spent: Number(m[1]), max: Number(m[2]), remains: Number(m[3]) };
}

const storedSpend = () => storedAttempts(db).reduce((s, a) => s + (a.cost_usd ?? 0), 0);

describe("--max-cost", () => {
  it("stops before the cap, reports the stored spend, and a resume with a larger budget completes", async () => {
    const cap = 0.02; // the whole run costs about $0.037
    const first = await spawnCli(["run", suite, "--db", db, "--max-cost", String(cap)], env).done;
    expect(first.code, first.stderr).toBe(4); // incomplete: a PASS on part of the cases is not enough
    const [run] = storedRuns(db);
    expect(run?.status).toBe("budget-stopped");
    const stored = storedAttempts(db);
    expect(stored.length).toBeGreaterThan(100);
    expect(stored.length).toBeLessThan(300);
    const spend = storedSpend();
    expect(spend).toBeLessThanOrEqual(cap);
    expect(spend).toBeGreaterThan(cap * 0.8);
    const reported = reportedBudget(first.stderr);
    // The one money format (core formatUsd): four decimals from a cent up.
    expect(reported.spent).toBeCloseTo(spend, 4);
    expect(reported.max).toBe(cap);
    expect(reported.remains).toBeCloseTo(cap - spend, 4);
    expect(first.stderr).toContain(`${300 - stored.length} attempts not sent`);
    expect(first.stderr).toContain(`evalgate resume ${run!.id} --max-cost`);
    // Nothing was sent that is not stored: the budget refused before sending.
    expect(readLog(log)).toHaveLength(stored.length);

    const before = new Set(stored.map(rowKey));
    const resumedAt = new Date().toISOString();
    const second = await spawnCli(["resume", run!.id, "--db", db, "--max-cost", "1"], env).done;
    expect(second.code, second.stderr).toBe(0);
    expect(storedRuns(db)).toEqual([{ id: run!.id, status: "completed" }]);
    expect(storedAttempts(db)).toHaveLength(300);
    expect(readLog(log).filter((e) => e.ts >= resumedAt).map(logKey).filter((k) => before.has(k))).toEqual([]);
    // The budget counts what the run spent before the resume.
    expect(reportedBudget(second.stderr).spent).toBeCloseTo(storedSpend(), 4);
  }, 60_000);

  it("refuses a budget when an arm's price is unknown, before sending anything", async () => {
    const other = writeSuite({ ...spec, name: "unpriced", targets: [{ id: "local", api: "chat", model: "my-local-model" }] }, sim.url);
    const r = await spawnCli(["run", other, "--db", join(dir, "u.db"), "--max-cost", "1"], env).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no known price for model my-local-model");
    expect(r.stderr).toContain("pricing:");
  }, 30_000);
});
