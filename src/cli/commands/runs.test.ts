import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { openStore, type RunSummary } from "../../store/index.js";
import { ARM_B, makeAttempt, makeCases, makeErrorAttempt, makeRun, makeScore, makeSuite } from "../../store/store-fixtures.js";
import { main } from "../main.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-runs-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function seed(path: string): Promise<void>  {
  const store = await openStore(path);
  const older = makeRun({ id: "run_20261124T080000Z_111111", startedAt: "2026-11-24T08:00:00.000Z", tags: ["main"], simulated: false, gitDirty: true });
  const newer = makeRun({ id: "run_20261125T093000Z_222222", suite: "checkout", suiteHash: "hash-checkout", startedAt: "2026-11-25T09:30:00.000Z", tags: [], gitCommit: null, gitDirty: null });
  await store.createRun(older, makeSuite(), makeCases(4));
  await store.createRun(newer, makeSuite("checkout"), makeCases(4));
  for (const caseId of ["case-000", "case-001", "case-002"]) {
    const attempt = makeAttempt({ runId: older.id, caseId }, caseId !== "case-002");
    // Two judged scores: $0.0004 spent on judges beside the arms' $0.000750.
    if (caseId !== "case-001") attempt.scores.push(makeScore({ grader: "tone", type: "rubric", value: 1, pass: true, reason: "ok", weight: 0, judgeCost: { usd: 0.0002, inputTokens: 300, outputTokens: 20 } }));
    await store.recordAttempt(attempt);
  }
  await store.recordAttempt(makeErrorAttempt({ runId: older.id, caseId: "case-003" }));
  await store.recordAttempt(makeAttempt({ runId: newer.id, caseId: "case-000", arm: ARM_B.arm, cost: { usd: null, inputUsd: null, outputUsd: null } }));
  await store.finishRun(older.id, "completed", "2026-11-24T08:01:00.000Z");
  await store.close();
}

async function runCli(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += chunk.toString();
    return true;
  });
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out };
}

describe("evalgate runs", () => {
  const db = join(dir, "runs.db");
  beforeAll(() => seed(db));

  it("prints one row per run, newest first, with commit, counts, pass rate, cost and the simulated marker", async () => {
    const { code, out } = await runCli(["runs", "--db", db]);
    expect(code).toBe(0);
    const lines = out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^id\s+suite\s+status\s+tags\s+commit\s+arms\s+attempts\s+pass rate\s+errors\s+cost\s+judge cost\s+when\s+sim$/);
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^run_20261125T093000Z_222222\s+checkout\s+running\s+—\s+2\s+1\s+100\.0%\s+0\s+unknown \(1 unpriced\)\s+—\s+2026-11-25 09:30Z\s+yes$/);
    expect(lines[3]).toMatch(/^run_20261124T080000Z_111111\s+support-triage\s+completed\s+main\s+0123456\*\s+2\s+4\s+50\.0%\s+1\s+\$0\.000750\s+\$0\.000400\s+2026-11-24 08:00Z$/);
  });

  it("filters by suite and tag, and prints JSON summaries with per-arm figures", async () => {
    const { out } = await runCli(["runs", "--db", db, "--suite", "support-triage", "--json"]);
    const parsed = JSON.parse(out) as RunSummary[];
    expect(parsed.map((s) => s.run.id)).toEqual(["run_20261124T080000Z_111111"]);
    expect(parsed[0]?.arms[0]).toMatchObject({ attempts: 4, passed: 2, failed: 1, errors: 1, unknownCostAttempts: 0 });
    // An error is never a pass: 2 of 4 attempts.
    expect(parsed[0]?.arms[0]?.passRate?.estimate).toBe(0.5);
    expect(parsed[0]?.totals.judgeCalls).toBe(2);
    expect(parsed[0]?.totals.judgeCost).toBeCloseTo(0.0004, 12);
    const tagged = await runCli(["runs", "--db", db, "--tag", "nope", "--json"]);
    expect(JSON.parse(tagged.out)).toEqual([]);
  });

  it("says there are no runs when the database does not exist, without creating it", async () => {
    const missing = join(dir, "none", "evalgate.db");
    const { code, out } = await runCli(["runs", "--db", missing]);
    expect(code).toBe(0);
    expect(out).toBe(`no runs in ${missing}\n`);
    expect(existsSync(join(dir, "none"))).toBe(false);
  });
});
