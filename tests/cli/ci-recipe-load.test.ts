import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/report/index.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

/**
 * The README's CI recipe on the demo suite: a baseline exported on main, then a pull request
 * run against it — twice, while a preloaded hook blocks the run's event loop 200 ms after
 * every 6th response (its attempts' and its judge's). On the simulator an attempt's latency is the behaviour model's
 * (deterministic under the seed), so the load moves the wall clock, not the verdict.
 * One target keeps it to 330 attempts a run.
 */
const dir = mkdtempSync(join(tmpdir(), "evalgate-ci-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, "evalgate.db");
const scope = ["--targets", "resp-41-mini", "--db", db];
const load = { NODE_OPTIONS: `--import=${resolve(repoRoot, "tests/fixtures/load/block-event-loop.mjs")}`, EVALGATE_TEST_BLOCK_MS: "200", EVALGATE_TEST_BLOCK_EVERY: "6" };

describe("the CI recipe on the demo under load", () => {
  it("PASSes twice in a row against the exported baseline, with equal modelled latencies and the load shown as harness overhead", async () => {
    const main = await runCli(["run", "evals/demo.yaml", "--tag", "main", ...scope], { timeoutMs: 120_000 });
    expect(main.stderr).not.toContain("error[");
    expect((await runCli(["export", "tag:main", "--out", join(dir, "baseline.json"), "--db", db])).code).toBe(0);
    const reports = [];
    for (const pr of ["pr-1", "pr-2"]) {
      const json = join(dir, `${pr}.json`);
      const r = await runCli(["run", "evals/demo.yaml", "--tag", pr, "--baseline", join(dir, "baseline.json"), "--reporter", `json=${json}`, ...scope], { env: load, timeoutMs: 240_000 });
      expect(r.stderr).not.toContain("error[");
      expect(r.code).toBe(0);
      reports.push(JSON.parse(readFileSync(json, "utf8")) as JsonReport);
    }
    const against = reports.map((report) => report.comparisons.find((c) => c.baselineRunId !== c.candidateRunId));
    for (const c of against) {
      expect(c?.verdict.status).toBe("PASS");
      expect(c?.verdict.gates.find((g) => g.gate === "latency_p95")).toMatchObject({ status: "PASS", figure: 0 });
    }
    // The two looks at one baseline are counted: look 1 and look 2 of 5.
    expect(against.map((c) => c?.look?.number)).toEqual([1, 2]);
    const store = await openStore(db, { readonly: true });
    const runs = (await store.listRuns({ limit: 10 })).map((s) => s.run);
    const arms = await Promise.all(runs.map(async (run) => (await store.summarizeRun(run.id))?.arms[0]));
    await store.close();
    // Modelled latency is the same in all three runs, loaded or not.
    expect(new Set(arms.map((a) => a?.latencyP95)).size).toBe(1);
    // The blocked event loop shows as the harness's own overhead (observed − modelled) in the loaded runs.
    const loaded = runs.map((r, i) => ({ tag: r.tags[0], overhead: arms[i]?.harnessOverheadMs ?? 0 })).filter((r) => r.tag !== "main");
    for (const r of loaded) expect(r.overhead).toBeGreaterThan(20);
  }, 480_000);
});
