/**
 * Record / replay, offline, Ctrl-C, a changed suite, and concurrent writers and readers of
 * one database — each through the real CLI against a standalone simulator.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openStore } from "../../src/store/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countLines, readLog, scratch, sleep, spawnCli, startSuiteOnSim, storedAttempts, storedRuns, type SimProcess } from "./harness.js";

const { dir, log, env } = scratch("replay");
const spec = {
  dir,
  name: "replay",
  cases: 60,
  targets: [{ id: "chat", api: "chat" as const }, { id: "resp", api: "responses" as const }],
  sim: "{ seed: 4, answer: { team: \"{{team}}\" }, models: { default: { accuracy: 0.8, latency: { ttft_ms: 15, jitter: 0.3 } } } }",
  extra: "compare: [{ baseline: chat, candidate: resp }]\ngates: { latency_p95: { max_increase: 0.2 } }",
};
let sim: SimProcess;
let suite: string;

beforeAll(async () => {
  ({ sim, suite } = await startSuiteOnSim(spec, log));
}, 30_000);
afterAll(async () => sim?.stop());

function replayedRows(db: string, runId: string) {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare("SELECT case_id, arm, repeat, replayed, status, score, error_kind FROM attempts WHERE run_id = ? ORDER BY case_id, arm, repeat").all(runId) as Array<{
      case_id: string; arm: string; repeat: number; replayed: number; status: string; score: number | null; error_kind: string | null;
    }>;
  } finally {
    conn.close();
  }
}

describe("record / replay", () => {
  it("--cache read replays what --cache write recorded: no request, same scores, latency gate not evaluated; --offline turns a miss into an error", async () => {
    const db = join(dir, "cache.db");
    const recorded = await spawnCli(["run", suite, "--db", db, "--cache", "write"], env).done;
    // 0 or 4: the latency gate may be inconclusive on 60 cases; never an input or runtime error.
    expect([0, 4], recorded.stderr).toContain(recorded.code);
    const sentAfterRecord = countLines(log);
    expect(sentAfterRecord).toBe(120);

    const replay = await spawnCli(["run", suite, "--db", db, "--cache", "read"], env).done;
    expect(replay.code, replay.stderr).toBe(0); // the only gate was not evaluated
    await sleep(100);
    expect(countLines(log)).toBe(sentAfterRecord);
    const [first, second] = storedRuns(db);
    const a = replayedRows(db, first!.id);
    const b = replayedRows(db, second!.id);
    expect(b).toHaveLength(120);
    expect(b.every((r) => r.replayed === 1)).toBe(true);
    expect(a.every((r) => r.replayed === 0)).toBe(true);
    expect(b.map((r) => r.score)).toEqual(a.map((r) => r.score));
    expect(replay.stdout).toMatch(/not evaluated: attempts were replayed from the cache/);
    // The stored per-arm p95 (runs list, dashboard) leaves replayed latencies out too.
    const store = await openStore(db, { readonly: true });
    try {
      expect((await store.summarizeRun(second!.id))?.arms.map((x) => x.latencyP95)).toEqual([null, null]);
      expect((await store.summarizeRun(first!.id))?.arms.every((x) => (x.latencyP95 ?? 0) > 0)).toBe(true);
    } finally {
      await store.close();
    }

    // Offline, without any API key: repeat 0 is recorded, repeat 1 is not.
    const offline = await spawnCli(["run", suite, "--db", db, "--offline", "--repeat", "2", "--json", join(dir, "off.json")], { EVALGATE_TEST_KEY: "" }).done;
    expect([0, 4], offline.stderr).toContain(offline.code);
    await sleep(100);
    expect(countLines(log)).toBe(sentAfterRecord);
    const third = storedRuns(db)[2]!;
    const rows = replayedRows(db, third.id);
    expect(rows.filter((r) => r.repeat === 0).every((r) => r.replayed === 1 && r.status === "ok")).toBe(true);
    expect(rows.filter((r) => r.repeat === 1).every((r) => r.status === "error" && r.error_kind === "cache_miss")).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, "off.json"), "utf8"));
    expect(report.runs[0].arms.map((x: { errors: number }) => x.errors)).toEqual([60, 60]);
  }, 60_000);
});

describe("interrupt and resume", () => {
  it("Ctrl-C marks the run interrupted, stores no cancelled attempt, and resume completes it", async () => {
    const db = join(dir, "int.db");
    const before = countLines(log);
    const cli = spawnCli(["run", suite, "--db", db, "--concurrency", "4", "--repeat", "3"], env);
    while (countLines(log) < before + 40) await sleep(5);
    cli.child.kill("SIGINT");
    const first = await cli.done;
    expect(first.code).toBe(130);
    expect(first.stderr).toContain("interrupted: finishing attempts in flight");
    const [run] = storedRuns(db);
    expect(run?.status).toBe("interrupted");
    const stored = storedAttempts(db);
    expect(stored.length).toBeGreaterThan(30);
    expect(stored.length).toBeLessThan(360);
    expect(stored.filter((a) => a.error_kind === "cancelled")).toEqual([]);
    expect(first.stderr).toContain(`evalgate resume ${run!.id}`);

    const resumed = await spawnCli(["resume", run!.id, "--db", db], env).done;
    expect([0, 4], resumed.stderr).toContain(resumed.code);
    expect(storedRuns(db)).toEqual([{ id: run!.id, status: "completed" }]);
    expect(storedAttempts(db)).toHaveLength(360); // the stored plan kept --repeat 3
  }, 60_000);

  it("a second Ctrl-C exits at once (130) and leaves a sound database that resume completes", async () => {
    const db = join(dir, "twice.db");
    const before = countLines(log);
    const cli = spawnCli(["run", suite, "--db", db, "--concurrency", "8", "--repeat", "2"], env);
    while (countLines(log) < before + 40) await sleep(5);
    cli.child.kill("SIGINT");
    await sleep(20); // two signals sent together may arrive as one
    cli.child.kill("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("interrupted: finishing attempts in flight");
    const conn = new Database(db, { readonly: true });
    try {
      expect(conn.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      conn.close();
    }
    const [run] = storedRuns(db);
    expect(["running", "interrupted"]).toContain(run?.status);
    expect(storedAttempts(db).length).toBeLessThan(240);
    const resumed = await spawnCli(["resume", run!.id, "--db", db], env).done;
    expect([0, 4], resumed.stderr).toContain(resumed.code);
    expect(storedRuns(db)).toEqual([{ id: run!.id, status: "completed" }]);
    expect(storedAttempts(db)).toHaveLength(240);
  }, 60_000);

  it("refuses to resume a run whose suite changed, saying how to proceed", async () => {
    const db = join(dir, "changed.db");
    const one = join(dir, "one.yaml");
    writeFileSync(one, readFileSync(suite, "utf8"));
    const cli = spawnCli(["run", one, "--db", db, "--concurrency", "2"], env);
    const before = countLines(log);
    while (countLines(log) < before + 10) await sleep(5);
    cli.child.kill("SIGKILL");
    await cli.done;
    writeFileSync(one, readFileSync(suite, "utf8").replace("please", "kindly"));
    writeFileSync(one, `${readFileSync(one, "utf8")}description: changed\n`);
    const r = await spawnCli(["resume", "latest", "--db", db], env).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[RESUME_MISMATCH]");
    expect(r.stderr).toContain("start a new run");
  }, 30_000);
});

describe("one database, several processes", () => {
  it("two runs write one database at once while `evalgate view` and `evalgate runs` read it", async () => {
    const db = join(dir, "shared.db");
    const a = spawnCli(["run", suite, "--db", db, "--tag", "a", "--concurrency", "4", "--repeat", "3"], env);
    const storedSoFar = () => {
      try {
        return storedAttempts(db).length;
      } catch {
        return 0; // not created yet
      }
    };
    while (storedSoFar() === 0) await sleep(20);
    const view = spawnCli(["view", "--port", "0", "--db", db], {});
    let viewUrl = "";
    view.child.stdout?.on("data", (d: Buffer) => (viewUrl ||= /(http:\/\/127\.0\.0\.1:\d+)\//.exec(d.toString())?.[1] ?? ""));
    const b = spawnCli(["run", suite, "--db", db, "--tag", "b", "--concurrency", "4", "--repeat", "3"], env);
    const reads: number[] = [];
    const seen: number[] = [];
    let done = false;
    void Promise.all([a.done, b.done]).then(() => (done = true));
    const statuses: number[] = [];
    const pollView = async () => {
      while (!done) {
        if (viewUrl) {
          const res = await fetch(`${viewUrl}/api/runs`);
          statuses.push(res.status);
          const body = (await res.json()) as { runs: Array<{ totals: { attempts: number } }> };
          seen.push(body.runs.reduce((sum, r) => sum + r.totals.attempts, 0));
        }
        await sleep(25);
      }
    };
    const pollRuns = async () => {
      while (!done) reads.push((await spawnCli(["runs", "--db", db], {}).done).code ?? -1);
    };
    await Promise.all([pollView(), pollRuns()]);
    expect(statuses.every((code) => code === 200)).toBe(true);
    view.child.kill("SIGINT");
    await view.done;
    // The dashboard's API answered throughout, and saw the attempts grow as they were written.
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]!);
    expect(seen[seen.length - 1]).toBeGreaterThan(seen[0]!);
    const [ra, rb] = [await a.done, await b.done];
    expect([0, 4], ra.stderr).toContain(ra.code);
    expect([0, 4], rb.stderr).toContain(rb.code);
    expect(reads.length).toBeGreaterThan(0);
    // A read may come before the first run created the database (exit 2); none fails otherwise.
    expect(reads.filter((c) => c !== 0 && c !== 2)).toEqual([]);
    const runs = storedRuns(db);
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed"]);
    expect(storedAttempts(db)).toHaveLength(720);
    expect(readLog(log).length).toBeGreaterThan(0);
  }, 60_000);
});
