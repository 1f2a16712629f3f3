/**
 * Kill and resume: `evalgate run` on a 1,000-attempt suite is killed with SIGKILL at several
 * points and resumed each time. Every attempt ends up stored exactly once, and the
 * simulator's request log shows that no attempt stored before a kill was sent again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countLines, logKey, readLog, rowKey, scratch, sleep, spawnCli, startSuiteOnSim, storedAttempts, storedRuns, type SimProcess } from "./harness.js";

const { dir, db, log, env } = scratch("kill-resume");
const spec = {
  dir,
  name: "kill-resume",
  cases: 500,
  targets: [{ id: "chat", api: "chat" as const }, { id: "resp", api: "responses" as const }],
  sim: "{ seed: 3, answer: { team: \"{{team}}\" }, models: { default: { accuracy: 0.9, latency: { ttft_ms: 25, jitter: 0.5 } } } }",
};
let sim: SimProcess;
let suite: string;

beforeAll(async () => {
  ({ sim, suite } = await startSuiteOnSim(spec, log));
}, 30_000);
afterAll(async () => sim?.stop());

/** Starts the command, SIGKILLs it once the simulator has logged `killAt` requests in all. */
async function runUntilKilled(args: string[], killAt: number) {
  const started = new Date().toISOString();
  const cli = spawnCli(args, env);
  for (let waited = 0; countLines(log) < killAt; waited += 5) {
    if (waited > 40_000) throw new Error(`the run did not reach ${killAt} requests`);
    await sleep(5);
  }
  cli.child.kill("SIGKILL");
  const result = await cli.done;
  await sleep(150); // let the simulator append the requests that were in flight
  return { started, result, stored: new Set(storedAttempts(db).map(rowKey)) };
}

describe("SIGKILL and resume", () => {
  it("stores every attempt of a 1,000-attempt run exactly once and never re-sends a stored attempt", async () => {
    const first = await runUntilKilled(["run", suite, "--db", db, "--concurrency", "8"], 150);
    expect(first.result.signal).toBe("SIGKILL");
    const [run] = storedRuns(db);
    expect(run?.status).toBe("running"); // a killed process never marked it
    const segments = [first];
    for (const killAt of [450, 800]) segments.push(await runUntilKilled(["resume", run!.id, "--db", db, "--concurrency", "8"], killAt));
    const lastStart = new Date().toISOString();
    const last = await spawnCli(["resume", run!.id, "--db", db, "--concurrency", "8"], env).done;
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain("completed");

    // Every kill happened mid-run: each segment stored some attempts, none stored all.
    const sizes = segments.map((s) => s.stored.size);
    expect(sizes[0]).toBeGreaterThan(50);
    for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1]!);
    expect(sizes[sizes.length - 1]).toBeLessThan(1000);
    const stored = sizes[sizes.length - 1]!;
    expect(last.stderr).toContain(`resumed run ${run!.id}: ${stored} attempts already stored, ${1000 - stored} run now`);

    const rows = storedAttempts(db);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map(rowKey)).size).toBe(1000);
    expect(storedRuns(db)).toEqual([{ id: run!.id, status: "completed" }]);

    // After each kill, nothing stored by then was requested again.
    const entries = readLog(log);
    const starts = [...segments.slice(1).map((s) => s.started), lastStart];
    segments.forEach((segment, i) => {
      const later = entries.filter((e) => e.ts >= starts[i]!).map(logKey);
      expect(later.filter((k) => segment.stored.has(k))).toEqual([]);
    });
    // Every attempt was sent; the only repeats are attempts in flight at a kill (never stored then).
    const sent = new Map<string, number>();
    for (const e of entries) sent.set(logKey(e), (sent.get(logKey(e)) ?? 0) + 1);
    expect(sent.size).toBe(1000);
    const resent = [...sent.values()].filter((n) => n > 1).length;
    expect(resent).toBeLessThanOrEqual(3 * 8);
  }, 120_000);
});
