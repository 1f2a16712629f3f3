import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeRun, makeSuite } from "./store-fixtures.js";
import type { StoreHarness } from "./store-conformance.js";
import type { Store } from "./store.js";

export function describeConcurrentWriters(harness: NonNullable<StoreHarness["shared"]>, freshLocation: () => string, open: (location?: string) => Promise<Store>): void {
  it("two connections on one database interleave writes to one run and to two runs without losing any", async () => {
    const location = freshLocation();
    const first = await open(location);
    const second = await open(location);
    const shared = makeRun();
    const own = makeRun({ id: "run_20261125T100000Z_bbbbbb", tags: [] });
    await first.createRun(shared, makeSuite(), makeCases(40));
    await second.createRun(shared, makeSuite(), makeCases(40));
    await second.createRun(own, makeSuite(), makeCases(40));
    for (let i = 0; i < 40; i++) {
      const caseId = `case-${String(i).padStart(3, "0")}`;
      await first.recordAttempt(makeAttempt({ caseId, arm: ARM_A.arm }));
      await second.recordAttempt(makeAttempt({ caseId, arm: ARM_B.arm }, i % 2 === 0));
      await second.recordAttempt(makeAttempt({ runId: own.id, caseId }));
      if (i % 10 === 0) expect((await first.listAttempts(own.id, { limit: 1, offset: 0 })).total).toBe(i + 1);
    }
    for (const store of [first, second]) {
      expect((await store.listAttempts(shared.id, { limit: 1, offset: 0 })).total).toBe(80);
      expect((await store.listAttempts(shared.id, { status: "fail", limit: 1, offset: 0 })).total).toBe(20);
      expect((await store.resumeState(own.id)).completed.size).toBe(40);
    }
    expect(harness.integrityProblems(location)).toEqual([]);
  });

  it("two processes write two runs into one database at the same time and every attempt lands", async () => {
    const location = freshLocation();
    const store = await open(location);
    const runs = [makeRun(), makeRun({ id: "run_20261125T100000Z_cccccc" })];
    for (const run of runs) await store.createRun(run, makeSuite(), []);
    const exits = runs.map((run, i) => {
      const { command, args } = harness.writerProcess(location, run.id, 80, `writer${i}`);
      return runToExit(command, args);
    });
    expect(await Promise.all(exits)).toEqual([80, 80]);
    for (const run of runs) expect((await store.listAttempts(run.id, { limit: 1, offset: 0 })).total).toBe(80);
    expect(harness.integrityProblems(location)).toEqual([]);
  });

  it("a writer killed mid-run leaves every committed attempt whole and the database intact", async () => {
    const location = freshLocation();
    const store = await open(location);
    const run = makeRun();
    await store.createRun(run, makeSuite(), []);
    const { command, args } = harness.writerProcess(location, run.id, 100_000, "killed");
    const committed = await killAfterCommits(command, args, 25);
    expect(committed).toBeGreaterThanOrEqual(25);
    expect(harness.integrityProblems(location)).toEqual([]);
    const reopened = await open(location);
    const page = await reopened.listAttempts(run.id, { limit: 100_000, offset: 0 });
    // Every attempt the writer reported is there, and what is there has no gaps.
    expect(page.total).toBeGreaterThanOrEqual(committed);
    expect(page.attempts.map((a) => a.caseId)).toEqual(Array.from({ length: page.total }, (_, i) => `killed-${String(i).padStart(5, "0")}`));
    for (const a of page.attempts) expect(a.scores).toHaveLength(1);
    await reopened.recordAttempt(makeAttempt({ caseId: "after-kill" }));
    expect((await reopened.listAttempts(run.id, { limit: 1, offset: 0 })).total).toBe(page.total + 1);
  });
}

/** Runs a writer to its end; resolves with the commits it reported. */
function runToExit(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out.trim().split("\n").length) : reject(new Error(`writer exited with ${code}: ${stderr}`))));
  });
}

/** Spawns the writer, SIGKILLs it once it has reported `after` commits; resolves with the last reported count. */
function killAfterCommits(command: string, args: string[], after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let committed = 0;
    let buffered = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^committed (\d+)$/.exec(line);
        if (m) committed = Number(m[1]);
      }
      if (committed >= after && child.exitCode === null) child.kill("SIGKILL");
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(committed);
      else reject(new Error(`writer exited with ${code} before being killed: ${stderr}`));
    });
  });
}
