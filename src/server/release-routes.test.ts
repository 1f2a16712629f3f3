import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { COMPARISON_METHOD, PRICE_TABLE_VERSION } from "../core/index.js";
import { openStore, type Store } from "../store/index.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeComparison, makeRun, makeSuite } from "../store/store-fixtures.js";
import { buildApp } from "./app.js";
import type { ArmSetResponse, ReleaseResponse, RunListResponse, TrendResponse } from "./api-types.js";

const R1 = "run_20261126T100000Z_rel001";
const R2 = "run_20261126T110000Z_rel002";
/** Arm B's cost per attempt, by case: $0.001, $0.002, $0.003 → $1, $2, $3 per 1,000 requests. */
const B_COST: Record<string, number> = { "case-000": 0.001, "case-001": 0.002, "case-002": 0.003 };

/**
 * R1: 3 cases × arms A (chat) and B (responses); B runs case-001 three times — repeat 0
 * passes, repeats 1 and 2 fail — so the case regresses while its first repeat looks fine.
 * One of its 2 shards was recorded; its comparison A → B is partial. R2: arm A again, with
 * case-002's vars edited and a new case-003.
 */
async function fill(store: Store): Promise<void> {
  const cases = makeCases(3);
  await store.createRun(makeRun({ id: R1, startedAt: "2026-11-26T10:00:00.000Z" }), makeSuite(), cases);
  for (const c of cases) {
    await store.recordAttempt(makeAttempt({ runId: R1, caseId: c.id, arm: ARM_A.arm }));
    const repeats = c.id === "case-001" ? 3 : 1;
    for (let repeat = 0; repeat < repeats; repeat++) {
      const pass = !(c.id === "case-001" && repeat > 0);
      const a = makeAttempt({ runId: R1, caseId: c.id, arm: ARM_B.arm, repeat }, pass);
      await store.recordAttempt({ ...a, cost: { usd: B_COST[c.id] as number, inputUsd: null, outputUsd: null } });
    }
  }
  await store.recordShard(R1, { index: 1, count: 2, status: "completed", finishedAt: "2026-11-26T10:04:00.000Z", repeat: 1, seed: 1 });
  await store.finishRun(R1, "completed", "2026-11-26T10:05:00.000Z");
  const edited = [...makeCases(2), { ...makeCases(3)[2], varsHash: "vars-2-edited" }, ...makeCases(4).slice(3)] as ReturnType<typeof makeCases>;
  await store.createRun(makeRun({ id: R2, startedAt: "2026-11-26T11:00:00.000Z", arms: [ARM_A] }), makeSuite(), edited);
  for (const c of edited) await store.recordAttempt(makeAttempt({ runId: R2, caseId: c.id, arm: ARM_A.arm }));
  await store.finishRun(R2, "completed", "2026-11-26T11:05:00.000Z");
  await store.saveComparison(makeComparison({
    id: "cmp_rel", baselineRunId: R1, candidateRunId: R1, onlyInBaseline: [], method: COMPARISON_METHOD,
    partial: [{ runId: R1, status: "interrupted", cases: 3, planned: 6 }],
    cases: [
      { caseId: "case-001", tags: ["sales"], outcome: "regression", baselineScore: 1, candidateScore: 1 / 3, baselinePass: true, candidatePass: false },
      { caseId: "case-000", tags: ["billing"], outcome: "unchanged", baselineScore: 1, candidateScore: 1, baselinePass: true, candidatePass: true },
    ],
  }));
}

let dir: string;
let store: Store;
let app: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "evalgate-release-"));
  const path = join(dir, "e.db");
  const writer = await openStore(path);
  await fill(writer);
  await writer.close();
  store = await openStore(path, { readonly: true });
  app = buildApp({ store });
});

afterAll(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(url: string) => {
  const res = await app.inject({ method: "GET", url });
  return { status: res.statusCode, body: res.json() as T };
};

describe("GET /api/comparisons/:id/release", () => {
  it("asks the question in the arms' terms, names each arm's API and model, and lists every caveat", async () => {
    const { status, body } = await get<ReleaseResponse>("/api/comparisons/cmp_rel/release");
    expect(status).toBe(200);
    expect(body.question).toBe("Ship Chat · gpt-4o-mini → Responses · gpt-5-mini?");
    expect(body.baseline).toMatchObject({ runId: R1, arm: ARM_A.arm, api: "chat", model: "gpt-4o-mini", simulated: true, runStatus: "completed" });
    expect(body.candidate).toMatchObject({ arm: ARM_B.arm, api: "responses", model: "gpt-5-mini" });
    expect(body.warnings.map((w) => w.kind)).toEqual(["partial", "shards", "simulated"]);
    expect(body.warnings[1]?.text).toContain("1 of 2 shards completed (shard 2 never recorded)");
    expect(body.comparison.caseCounts).toEqual({ regression: 1, flaky: 0, fix: 0, unchanged: 1 });
  });

  it("shows each regression with a failing repeat's output, not the first repeat's", async () => {
    const { body } = await get<ReleaseResponse>("/api/comparisons/cmp_rel/release");
    expect(body.regressions).toHaveLength(1);
    const [r] = body.regressions;
    expect(r?.caseId).toBe("case-001");
    expect(r?.candidate).toEqual({ text: '{"team":"sales"} for case-001', passed: 1, repeats: 3, reasons: ["team: expected team=billing, got team=sales"] });
    expect(r?.baseline).toMatchObject({ text: '{"team":"billing"} for case-001', passed: 1, repeats: 1 });
  });

  it("answers 404 for an unknown comparison and 400 for a bad limit", async () => {
    expect((await get("/api/comparisons/nope/release")).status).toBe(404);
    expect((await get("/api/comparisons/cmp_rel/release?limit=0")).status).toBe(400);
  });
});

describe("GET /api/arm-set", () => {
  it("gives each arm the one arm summary, cost per 1,000 requests with its interval, and marks the frontier", async () => {
    const { status, body } = await get<ArmSetResponse>(`/api/arm-set?arm=${R1}:${ARM_A.arm}&arm=${R1}:${ARM_B.arm}`);
    expect(status).toBe(200);
    expect(body.sharedCases).toBe(3);
    expect(body.differing).toEqual([]);
    expect(body.priceTableVersion).toBe(PRICE_TABLE_VERSION);
    const stored = await store.summarizeRun(R1);
    expect(body.arms.map((a) => a.summary)).toEqual(stored?.arms);
    const [a, b] = body.arms;
    // A: every attempt $0.00025 → $0.25 per 1,000, no spread. B: (1 + 3×2 + 3) / 5 attempts = $2 per 1,000.
    expect(a?.costPer1k).toEqual({ estimate: 0.25, low: 0.25, high: 0.25 });
    expect(b?.costPer1k?.estimate).toBeCloseTo(2, 12);
    expect(b?.costPer1k?.low).toBeLessThan(2);
    // A is cheaper and passes more: B is off the frontier.
    expect(body.arms.map((x) => [x.key, x.frontier, x.api, x.model])).toEqual([
      [`${R1}:${ARM_A.arm}`, true, "chat", "gpt-4o-mini"],
      [`${R1}:${ARM_B.arm}`, false, "responses", "gpt-5-mini"],
    ]);
    expect(a?.judgeCostPer1k).toBe(0);
  });

  it("compares arms across runs on the cases they share with the same vars, and says which differ", async () => {
    const { body } = await get<ArmSetResponse>(`/api/arm-set?arm=${R1}:${ARM_A.arm}&arm=${R2}:${ARM_A.arm}`);
    expect(body.sharedCases).toBe(2);
    expect(body.differing).toEqual([
      { caseId: "case-002", reason: `vars differ: ${ARM_A.arm} (${R1}) vs ${ARM_A.arm} (${R2})` },
      { caseId: "case-003", reason: `not in ${ARM_A.arm} (${R1})` },
    ]);
    expect(body.arms.every((x) => x.summary.cases === 2)).toBe(true);
  });

  it("answers an empty set for no arm, refuses a malformed or a 13th one, and names an unknown arm's run's arms", async () => {
    expect((await get<ArmSetResponse>("/api/arm-set")).body).toMatchObject({ arms: [], sharedCases: 0, differingTotal: 0 });
    expect((await get(`/api/arm-set?${Array.from({ length: 13 }, (_, i) => `arm=${R1}:arm-${i}`).join("&")}`)).status).toBe(400);
    expect((await get("/api/arm-set?arm=nocolon")).status).toBe(400);
    const unknown = await get<{ error: { message: string } }>(`/api/arm-set?arm=${R2}:${ARM_B.arm}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain(`its arms: ${ARM_A.arm}`);
  });
});

describe("the arm figures cache", () => {
  it("reads a completed run's arm once, however often the arm set is asked for", async () => {
    let reads = 0;
    const counting = new Proxy(store, {
      get(target, name, receiver) {
        if (name === "streamAttempts") return (...args: Parameters<Store["streamAttempts"]>) => (reads++, target.streamAttempts(...args));
        const value = Reflect.get(target, name, receiver) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const cached = buildApp({ store: counting });
    const url = `/api/arm-set?arm=${R1}:${ARM_A.arm}&arm=${R1}:${ARM_B.arm}`;
    const first = await cached.inject({ url });
    const second = await cached.inject({ url });
    await cached.close();
    expect(second.json()).toEqual(first.json());
    expect(reads).toBe(2);
  });
});

describe("runs list and trend for the dashboard", () => {
  it("links each run to the release pages of the comparisons it is the candidate of, and trends each arm apart", async () => {
    const runs = (await get<RunListResponse>("/api/runs")).body.runs;
    expect(runs.find((r) => r.run.id === R1)?.releases).toEqual([{ id: "cmp_rel", baselineArm: ARM_A.arm, candidateArm: ARM_B.arm, status: "INCONCLUSIVE" }]);
    expect(runs.find((r) => r.run.id === R2)?.releases).toEqual([]);
    const trend = (await get<TrendResponse>("/api/suites/support-triage/trend")).body;
    expect(trend.points.map((p) => p.arms.map((a) => [a.arm, a.api, a.model]))).toEqual([
      [[ARM_A.arm, "chat", "gpt-4o-mini"], [ARM_B.arm, "responses", "gpt-5-mini"]],
      [[ARM_A.arm, "chat", "gpt-4o-mini"]],
    ]);
    expect(trend.points[0]?.arms[1]?.passRate?.estimate).toBeCloseTo(3 / 5, 12);
  });
});
