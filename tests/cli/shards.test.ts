import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/report/index.js";
import { openStore } from "../../src/store/index.js";
import { runCli } from "../helpers/cli.js";

/**
 * `run --shard i/n` and `evalgate merge` on the demo suite: three shards into three SQLite
 * files, merged, give the same per-arm point figures and verdict statuses as one unsharded
 * run (the simulator is deterministic under its seed; intervals may differ, the bootstrap
 * being seeded per run). With Postgres, three shard processes write one run at once and
 * the last to finish stores the verdict.
 */
const dir = mkdtempSync(join(tmpdir(), "evalgate-shards-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const demo = "evals/demo.yaml";

type ArmPoints = Array<[string, number, number | null, number | null, number | null]>;
async function pointFigures(location: string, runId: string): Promise<ArmPoints> {
  const store = await openStore(location, { readonly: true });
  try {
    const arms = (await store.summarizeRun(runId))?.arms ?? [];
    // To 10 decimals: two stores may sum the same figures in another order.
    const r = (x: number | null | undefined) => (x === null || x === undefined ? null : Number(x.toFixed(10)));
    return arms.map((a) => [a.arm, a.attempts, r(a.passRate?.estimate), r(a.meanScore), r(a.totalCost)]);
  } finally {
    await store.close();
  }
}

const statuses = (report: JsonReport) => report.comparisons.map((c) => [c.baselineArm, c.candidateArm, c.verdict.status, c.verdict.gates.map((g) => [g.gate, g.status])]);

describe("shards and merge", () => {
  it("three shards merged equal one unsharded run: attempts, pass rate, mean score, cost and the verdicts", async () => {
    const whole = join(dir, "whole.db");
    const wholeJson = join(dir, "whole.json");
    const one = await runCli(["run", demo, "--db", whole, "--run-id", "run_whole", "--concurrency", "48", "--reporter", `json=${wholeJson}`], { timeoutMs: 180_000 });
    expect(one.stderr).not.toContain("error[");
    const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}.db`));
    const outs = await Promise.all(shards.map((db, i) => runCli(["run", demo, "--shard", `${i + 1}/3`, "--db", db, "--concurrency", "48"], { env: { GITHUB_RUN_ID: "4242", GITHUB_RUN_ATTEMPT: "1" }, timeoutMs: 180_000 })));
    const cases: number[] = [];
    for (const [i, r] of outs.entries()) {
      expect(r.stderr).not.toContain("error[");
      expect(r.code).toBe(0);
      // Its share, printed at start: 1/3 of the concurrency and of the suite's budget.
      const m = new RegExp(`shard ${i + 1}/3 of run (run_gh4242_1_[0-9a-f]{8}): (\\d+) of 165 cases; concurrency 16 of 48; budget \\$0\\.6667 of \\$2\\.0000`).exec(r.stderr);
      expect(m).not.toBeNull();
      cases.push(Number(m?.[2]));
      expect(r.stdout).not.toContain("verdict:");
    }
    expect(cases.reduce((s, n) => s + n, 0)).toBe(165);
    const runId = /run (run_gh4242_1_[0-9a-f]{8})/.exec(outs[0]?.stderr ?? "")?.[1] ?? "";
    // Two of three: the run stays partial (exit 4), the missing shard named.
    const merged = join(dir, "merged.db");
    const partial = await runCli(["merge", shards[0] as string, shards[1] as string, "--into", merged]);
    expect(partial.code).toBe(4);
    expect(partial.stdout).toContain(`merged run ${runId} into ${merged}: partial: shard 3 of 3 missing`);
    const mergedJson = join(dir, "merged.json");
    const all = await runCli(["merge", ...shards, "--into", merged, "--reporter", `json=${mergedJson}`]);
    expect(all.stderr).not.toContain("error[");
    expect(all.stdout).toContain("all 3 shards in");
    // The first two shards' attempts were in already: only the third's are copied (its cases × 3 arms × 2 repeats).
    expect(partial.stdout).toContain(`\n${((cases[0] ?? 0) + (cases[1] ?? 0)) * 6} attempts copied\n`);
    expect(all.stdout).toContain(`\n${(cases[2] ?? 0) * 6} attempts copied\n`);
    expect(all.code).toBe(one.code);
    expect(await pointFigures(merged, runId)).toEqual(await pointFigures(whole, "run_whole"));
    const [a, b] = [JSON.parse(readFileSync(wholeJson, "utf8")) as JsonReport, JSON.parse(readFileSync(mergedJson, "utf8")) as JsonReport];
    expect(statuses(b)).toEqual(statuses(a));
    // Merging again writes nothing twice.
    const again = await runCli(["merge", ...shards, "--into", merged]);
    expect(again.stdout).toContain("\n0 attempts copied\n");
    expect((await pointFigures(merged, runId))[0]?.[1]).toBe(330);
  }, 600_000);

  it("refuses to merge shards that differ, naming the field, and writes nothing (exit 2)", async () => {
    const suite = "tests/dashboard/fixtures/triage.yaml";
    const [a, b] = [join(dir, "m-a.db"), join(dir, "m-b.db")];
    expect((await runCli(["run", suite, "--shard", "1/2", "--run-id", "run_mismatch", "--db", a])).code).toBe(0);
    expect((await runCli(["run", suite, "--shard", "2/2", "--run-id", "run_mismatch", "--repeat", "2", "--db", b])).code).toBe(0);
    const into = join(dir, "m-into.db");
    const r = await runCli(["merge", a, b, "--into", into]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot merge run run_mismatch: ${b} differs in repeat (2; ${a} has 1)`);
    const store = await openStore(into, { readonly: true });
    expect(await store.listRuns()).toEqual([]);
    await store.close();
  }, 120_000);

  const url = process.env.EVALGATE_TEST_POSTGRES_URL;
  it.skipIf(!url)("three shard processes write one Postgres run at once; the last to finish stores the verdict", async () => {
    const db = `${url}${url?.includes("?") ? "&" : "?"}schema=shards_${process.pid}`;
    const outs = await Promise.all([1, 2, 3].map((i) => runCli(["run", demo, "--shard", `${i}/3`, "--run-id", "run_pg_sharded", "--db", db, "--concurrency", "48"], { timeoutMs: 240_000 })));
    for (const r of outs) {
      expect(r.stderr).not.toContain("error[");
      expect(r.code).toBe(0);
    }
    expect(outs.filter((r) => r.stdout.includes("completed run run_pg_sharded: its verdict is stored"))).toHaveLength(1);
    const whole = join(dir, "whole.db");
    expect(await pointFigures(db, "run_pg_sharded")).toEqual(await pointFigures(whole, "run_whole"));
    const report = await runCli(["report", "run_pg_sharded", "--db", db]);
    expect(report.stdout).toContain("### ✅ PASS · triage-v1@chat-41-mini → triage-v1@resp-41-mini (run run_pg_sharded)");
  }, 600_000);
});
