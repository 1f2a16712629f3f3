/**
 * `run --batch --batch-judges` against a standalone simulator: the judge calls of a batch
 * run go through the Batch API too, in waves after each chunk's batch returns — one judges
 * batch per chunk here (two judge graders, asked at once). Their verdicts equal those the
 * same judges give live, priced at half the list price. Killed right after the first judges
 * batch is created and resumed, the run stores every attempt once, graded, and creates no
 * batch twice (the intent of each judges batch is stored before it is created).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attempt } from "../../src/core/index.js";
import { collect, openStore } from "../../src/store/index.js";
import { batchesCreated, readLog, scratch, sleep, spawnCli, startSuiteOnSim, storedAttempts, storedRuns, type SimProcess, type LogEntry } from "./harness.js";

const { dir, log, env } = scratch("batch-judges");
const CASES = 24;
const spec = {
  dir,
  name: "batch-judges",
  cases: CASES,
  targets: [{ id: "resp", api: "responses" as const }],
  sim: '{ seed: 4, answer: { team: "{{team}}" }, models: { default: { accuracy: 0.8 } }, batch: { seconds_per_stage: 0.3 } }',
};
let sim: SimProcess;
let suite: string;

beforeAll(async () => {
  ({ sim, suite } = await startSuiteOnSim(spec, log));
  // Two judge graders on the simulator's own endpoint.
  const text = readFileSync(suite, "utf8")
    .replace("graders:\n", ["graders:", '  - { type: rubric, judge: judge, rubric: "names the team", path: $.team }', '  - { type: closed-qa, judge: judge, criteria: "routes the ticket to a team" }', ""].join("\n"))
    .concat(`judges:\n  - { id: judge, api: chat, model: gpt-4.1-mini, base_url: "${sim.url}", api_key_env: EVALGATE_TEST_KEY }\n`);
  writeFileSync(suite, text);
}, 30_000);
afterAll(async () => sim?.stop());

const logged = () => readLog(log);
const creates = batchesCreated;
const chunkOf = (e: LogEntry) => e.body?.metadata?.chunk ?? "";

async function attemptsOf(db: string): Promise<Attempt[]> {
  const store = await openStore(db);
  try {
    const [summary] = await store.listRuns();
    return await collect(store.streamAttempts(summary!.run.id));
  } finally {
    await store.close();
  }
}

const judged = (a: Attempt) => a.scores.filter((s) => s.type === "rubric" || s.type === "closed-qa");

describe("run --batch --batch-judges", () => {
  it("sends the judge calls as batches after each chunk's, with the verdicts live judges give, at the batch price", async () => {
    const before = logged().length;
    const db = `${dir}/waves.db`;
    const r = await spawnCli(["run", suite, "--batch", "--batch-judges", "--batch-size", "12", "--db", db], env).done;
    expect(r.code === 0 || r.code === 1 || r.code === 4, r.stderr).toBe(true);
    const mine = logged().slice(before);
    // Two chunks of 12 attempts, then one judges batch per chunk; no judge call sent live.
    expect(creates(mine).map(chunkOf).sort()).toEqual(["p@resp#0", "p@resp#0~judge~judge~0", "p@resp#1", "p@resp#1~judge~judge~0"]);
    expect(mine.filter((e) => e.method === "POST" && (e.url === "/v1/chat/completions" || e.url === "/v1/responses"))).toEqual([]);
    const batched = await attemptsOf(db);
    expect(batched).toHaveLength(CASES);
    for (const a of batched) {
      expect(judged(a)).toHaveLength(2);
      for (const s of judged(a)) expect(s.value, s.reason).not.toBeNull();
    }

    // The same run with the judges live: the same verdicts, at twice the judge cost.
    const liveDb = `${dir}/live.db`;
    const live = await spawnCli(["run", suite, "--batch", "--batch-size", "12", "--db", liveDb], env).done;
    expect(live.code === 0 || live.code === 1 || live.code === 4, live.stderr).toBe(true);
    const byKey = new Map((await attemptsOf(liveDb)).map((a) => [a.caseId, a]));
    for (const a of batched) {
      const other = byKey.get(a.caseId)!;
      expect(judged(a).map((s) => s.value)).toEqual(judged(other).map((s) => s.value));
      for (const [i, s] of judged(a).entries()) {
        const l = judged(other)[i]!;
        // A path missing from a perturbed output fails without a call: nothing spent either way.
        if (l.judgeCost === undefined) {
          expect(s.judgeCost).toBeUndefined();
          continue;
        }
        expect(s.judgeCost?.inputTokens).toBe(l.judgeCost.inputTokens);
        expect(s.judgeCost!.usd!).toBeCloseTo(l.judgeCost.usd! / 2, 12);
      }
    }
  }, 120_000);

  it("killed right after its first judges batch is created, resumes without creating any batch twice", async () => {
    const db = `${dir}/killed.db`;
    const since = new Date().toISOString();
    const cli = spawnCli(["run", suite, "--batch", "--batch-judges", "--batch-size", "8", "--db", db], env);
    const judgeCreated = () => creates(logged().filter((e) => e.ts >= since)).some((e) => chunkOf(e).includes("~judge~"));
    for (let waited = 0; !judgeCreated(); waited += 5) {
      if (waited > 40_000) throw new Error("no judges batch was created");
      await sleep(5);
    }
    cli.child.kill("SIGKILL");
    await cli.done;
    await sleep(150);
    const [run] = storedRuns(db);
    expect(run?.status).toBe("running");
    // The chunk whose judges batch was created is not stored yet: its gradings waited on it.
    expect(storedAttempts(db).length).toBeLessThan(CASES);

    const last = await spawnCli(["resume", run!.id, "--db", db], env).done;
    expect(last.code === 0 || last.code === 1 || last.code === 4, last.stderr).toBe(true);
    expect(storedRuns(db)).toEqual([{ id: run!.id, status: "completed" }]);
    const attempts = await attemptsOf(db);
    expect(new Set(attempts.map((a) => a.caseId)).size).toBe(CASES);
    expect(attempts).toHaveLength(CASES);
    for (const a of attempts) for (const s of judged(a)) expect(s.value, s.reason).not.toBeNull();
    const chunks = creates(logged().filter((e) => e.ts >= since)).map(chunkOf);
    // Three arm chunks of 8, each with its judges batch; none created twice.
    expect(new Set(chunks).size).toBe(chunks.length);
    expect(chunks.filter((c) => !c.includes("~judge~")).sort()).toEqual(["p@resp#0", "p@resp#1", "p@resp#2"]);
    expect(chunks.filter((c) => c.includes("~judge~")).length).toBe(3);
  }, 120_000);
});
