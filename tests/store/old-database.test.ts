import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptFigures, summarizeArm } from "../../src/stats/index.js";
import { collect, openStore, type RunSummary } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

/**
 * tests/fixtures/old-db/evalgate-b49ff94.db was written by evalgate at commit b49ff94
 * (schema version 2: per-arm summary rows with the old definitions, run plans kept as
 * `run-plan:<id>` response-cache entries) from tests/fixtures/old-db/suite.yaml: a
 * baseline run (repeat 2, `--cache write`, 4 of its responses arm's 20 attempts errored)
 * and a candidate run (repeat 1). SQLite stays the default and unchanged on disk: this
 * evalgate opens it, migrates it, and compares its runs with runs made now.
 */
const OLD = { baseline: "run_20261202T135629Z_46afbf", candidate: "run_20261202T135631Z_18baf9" };
const fixture = (name: string) => join(repoRoot, "tests", "fixtures", "old-db", name);

let dir: string;
let db: string;
let suite: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "evalgate-old-db-"));
  writeFileSync(join(dir, "package.json"), "{}\n");
  db = join(dir, "evalgate.db");
  suite = join(dir, "suite.yaml");
  copyFileSync(fixture("evalgate-b49ff94.db"), db);
  copyFileSync(fixture("suite.yaml"), suite);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a database written by b49ff94", () => {
  it("is at schema version 2 as committed, with the old per-arm rows and run plans in the response cache", () => {
    const raw = new Database(fixture("evalgate-b49ff94.db"), { readonly: true });
    try {
      expect(raw.pragma("user_version", { simple: true })).toBe(2);
      expect(raw.prepare("SELECT passed, failed, errors FROM arm_summaries WHERE run_id = ? AND arm = 'triage@resp'").get(OLD.baseline)).toEqual({ passed: 12, failed: 4, errors: 4 });
      expect(raw.prepare("SELECT COUNT(*) AS n FROM response_cache WHERE key LIKE 'run-plan:%'").get()).toEqual({ n: 2 });
    } finally {
      raw.close();
    }
  });

  it("opens and migrates: its runs list with the one definition of every figure, its plans are real run plans", async () => {
    const listed = await runCli(["runs", "--db", db, "--json"], { cwd: dir });
    expect(listed.code).toBe(0);
    const summaries = JSON.parse(listed.stdout) as RunSummary[];
    expect(summaries.map((s) => s.run.id)).toEqual([OLD.candidate, OLD.baseline]);
    const resp = summaries[1]?.arms.find((a) => a.arm === "triage@resp");
    // Errors are in the denominator now: 12 of 20 attempts, not 12 of 16.
    expect(resp).toMatchObject({ attempts: 20, passed: 12, failed: 4, errors: 4 });
    expect(resp?.passRate?.estimate).toBe(0.6);

    const store = await openStore(db);
    try {
      for (const id of [OLD.baseline, OLD.candidate]) {
        const summary = await store.summarizeRun(id);
        const attempts = await collect(store.streamAttempts(id));
        for (const arm of summary?.arms ?? []) {
          const live = summarizeArm(arm.arm, attempts.filter((a) => a.arm === arm.arm).map(attemptFigures));
          expect({ ...arm, meanScore: 0, knownCost: 0, totalCost: 0, costPerCase: 0 }).toEqual({ ...live, meanScore: 0, knownCost: 0, totalCost: 0, costPerCase: 0 });
          expect(arm.meanScore).toBeCloseTo(live.meanScore ?? Number.NaN, 12);
          expect(arm.totalCost).toBeCloseTo(live.totalCost ?? Number.NaN, 12);
        }
      }
      expect(await store.getRunPlan(OLD.baseline)).toEqual({ v: 1 });
      expect(await store.getRunPlan(OLD.candidate)).toEqual({ v: 1, repeat: 1 });
      expect(await store.cacheGet(`run-plan:${OLD.baseline}`)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("replays its recorded responses under the same cache keys, and compares its runs with a run made now", async () => {
    // Offline: the 36 answered attempts of the old baseline are replayed; the 4 it never answered miss.
    const now = await runCli(["run", suite, "--db", db, "--tag", "now", "--offline", "--json", join(dir, "now.json")], { cwd: dir });
    expect([0, 1, 4]).toContain(now.code);
    const report = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(join(dir, "now.json"), "utf8"))) as { runs: Array<{ run: { id: string }; attempts: Array<{ status: string; replayed: boolean; error: { kind: string } | null }> }> };
    const attempts = report.runs[0]?.attempts ?? [];
    expect(attempts.filter((a) => a.replayed)).toHaveLength(36);
    expect(attempts.filter((a) => a.error?.kind === "cache_miss")).toHaveLength(4);

    const compared = await runCli(["compare", `tag:baseline`, `tag:now`, "--db", db], { cwd: dir });
    expect([0, 1, 4]).toContain(compared.code);
    // Every case pairs: the case vars hash is unchanged between the versions.
    expect(compared.stdout).toMatch(/paired cases\s+10/);
    const old = await runCli(["compare", OLD.baseline, OLD.candidate, "--db", db], { cwd: dir });
    expect([0, 1, 4]).toContain(old.code);
    expect(old.stdout).toMatch(/paired cases\s+10/);
    expect(old.stdout).not.toContain("made by earlier verdict rules");
  });

  it("labels the comparisons it stored under the earlier verdict rules wherever a report shows them", async () => {
    // The candidate run's own within-run comparison was stored by b49ff94 (no method version).
    const report = await runCli(["report", OLD.candidate, "--db", db, "--format", "md"], { cwd: dir });
    expect(report.code).toBe(0);
    expect(report.stdout).toContain("made by earlier verdict rules (method 1; these are method 3): run `evalgate compare` again to recompute it");
  });
});
