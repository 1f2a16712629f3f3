import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { openStore, type Store } from "../store/index.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeComparison, makeErrorAttempt, makeRun, makeSuite } from "../store/store-fixtures.js";
import { PARITY_MISSING } from "../core/index.js";
import { buildApp } from "./app.js";
import type { AttemptListResponse, ComparisonResponse, RunDetailResponse, RunListResponse, TrendResponse } from "./api-types.js";

const RUN_1 = "run_20261125T100000Z_aaaaaa";
const RUN_2 = "run_20261125T110000Z_bbbbbb";

/** Two runs of 4 cases × 2 arms; run 2 fails case-001 on arm B and errors case-003 on arm A. */
async function fill(store: Store): Promise<void>  {
  const cases = makeCases(4);
  for (const [id, startedAt] of [[RUN_1, "2026-11-25T10:00:00.000Z"], [RUN_2, "2026-11-25T11:00:00.000Z"]] as const) {
    await store.createRun(makeRun({ id, startedAt, tags: id === RUN_2 ? ["pr-7"] : ["main"] }), makeSuite(), cases);
    for (const c of cases) {
      for (const arm of [ARM_A.arm, ARM_B.arm]) {
        const failing = id === RUN_2 && c.id === "case-001" && arm === ARM_B.arm;
        const erroring = id === RUN_2 && c.id === "case-003" && arm === ARM_A.arm;
        await store.recordAttempt(erroring ? makeErrorAttempt({ runId: id, caseId: c.id, arm }) : makeAttempt({ runId: id, caseId: c.id, arm }, !failing));
      }
    }
    await store.finishRun(id, "completed", startedAt.replace(":00:00", ":05:00"));
  }
  await store.saveComparison(makeComparison({
    id: "cmp_1",
    baselineRunId: RUN_1,
    candidateRunId: RUN_2,
    cases: [
      { caseId: "case-002", tags: ["billing"], outcome: "unchanged", baselineScore: 1, candidateScore: 1, baselinePass: true, candidatePass: true },
      { caseId: "case-001", tags: ["sales"], outcome: "regression", baselineScore: 1, candidateScore: 0, baselinePass: true, candidatePass: false },
      { caseId: "case-000", tags: ["billing"], outcome: "fix", baselineScore: 0, candidateScore: 1, baselinePass: false, candidatePass: true },
    ],
    verdict: { status: "FAIL", gates: [{ gate: "quality", status: "FAIL", figure: -0.25, threshold: 0.05, interval: [-0.5, -0.1], reason: "worse", decide: null }] },
  }));
}

let dir: string;
let store: Store;
let app: FastifyInstance;
let locked: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "evalgate-server-"));
  const path = join(dir, "e.db");
  const writer = await openStore(path);
  await fill(writer);
  await writer.close();
  mkdirSync(join(dir, "static", "assets"), { recursive: true });
  writeFileSync(join(dir, "static", "index.html"), "<!doctype html><title>evalgate</title>");
  writeFileSync(join(dir, "secret.txt"), "outside the static root");
  store = await openStore(path, { readonly: true });
  app = buildApp({ store, staticDir: join(dir, "static") });
  locked = buildApp({ store, token: "s3cret-token" });
});

afterAll(async () => {
  await app.close();
  await locked.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async <T>(url: string, instance = app) => {
  const res = await instance.inject({ method: "GET", url });
  return { status: res.statusCode, body: res.json() as T, headers: res.headers };
};

describe("runs", () => {
  it("lists runs newest first with pass rate, cost, slowest p95 and the candidate's verdict", async () => {
    const { status, body } = await get<RunListResponse>("/api/runs");
    expect(status).toBe(200);
    expect(body.runs.map((r) => r.run.id)).toEqual([RUN_2, RUN_1]);
    const [run2, run1] = body.runs;
    expect(run2?.totals).toMatchObject({ attempts: 8, errors: 1, passed: 6, failed: 1 });
    // An error is never a pass: 6 of 8 attempts (the one definition of the runs list's figures).
    expect(run2?.totals.passRate?.estimate).toBeCloseTo(6 / 8);
    expect(run2?.totals.totalCost).toBeCloseTo(7 * 0.00025);
    expect(run2?.totals.slowestLatencyP95).toBe(400);
    expect(run2?.verdict).toBe("FAIL");
    expect(run1?.verdict).toBeNull();
  });

  it("filters the runs list by tag and suite, and rejects a bad limit with 400", async () => {
    expect((await get<RunListResponse>("/api/runs?tag=pr-7")).body.runs.map((r) => r.run.id)).toEqual([RUN_2]);
    expect((await get<RunListResponse>("/api/runs?suite=other")).body.runs).toEqual([]);
    const bad = await get<{ error: { code: string } }>("/api/runs?limit=abc");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("BAD_QUERY");
  });

  it("answers a run's arm summaries, comparison heads, case tags and graders", async () => {
    const { body } = await get<RunDetailResponse>(`/api/runs/${RUN_2}`);
    expect(body.summary.arms.map((a) => [a.arm, a.passed, a.failed, a.errors])).toEqual([[ARM_A.arm, 3, 0, 1], [ARM_B.arm, 3, 1, 0]]);
    expect(body.comparisons).toHaveLength(1);
    expect(body.comparisons[0]?.caseCounts).toEqual({ regression: 1, flaky: 0, fix: 1, unchanged: 1 });
    expect(body.comparisons[0]).not.toHaveProperty("cases");
    expect(body.caseTags).toEqual(["billing", "sales"]);
    expect(body.graders).toEqual(["team"]);
  });

  it("answers 404 with a JSON error for an unknown run, attempt, comparison, suite or route", async () => {
    for (const url of ["/api/runs/nope", "/api/runs/nope/attempts", `/api/runs/${RUN_1}/attempts/case-000/${encodeURIComponent(ARM_A.arm)}/9`, "/api/comparisons/nope", "/api/suites/nope/trend", "/api/nothing"]) {
      const res = await get<{ error: { code: string; message: string } }>(url);
      expect(res.status, url).toBe(404);
      expect(res.body.error.code, url).toBe("NOT_FOUND");
    }
  });
});

describe("attempts", () => {
  it("pages attempts with their case vars and tags, and the total of the filter", async () => {
    const { body } = await get<AttemptListResponse>(`/api/runs/${RUN_2}/attempts?limit=3&offset=2`);
    expect(body.total).toBe(8);
    expect(body.attempts.map((a) => `${a.caseId}|${a.arm}`)).toEqual([`case-001|${ARM_A.arm}`, `case-001|${ARM_B.arm}`, `case-002|${ARM_A.arm}`]);
    expect(body.attempts[0]?.vars).toEqual({ ticket: "Ticket number 1", lang: "en" });
    expect(body.attempts[0]?.tags).toEqual(["sales"]);
    expect(body.attempts[0]?.output?.raw).toEqual({ request: null, response: null });
  });

  it("filters by status, arm, grader, tag, case and search", async () => {
    const ids = async (q: string) => (await get<AttemptListResponse>(`/api/runs/${RUN_2}/attempts?${q}`)).body.attempts.map((a) => `${a.caseId}|${a.arm}`);
    expect(await ids("status=fail")).toEqual([`case-001|${ARM_B.arm}`]);
    expect(await ids("status=error")).toEqual([`case-003|${ARM_A.arm}`]);
    expect(await ids(`status=fail&grader=team&arm=${encodeURIComponent(ARM_A.arm)}`)).toEqual([]);
    expect(await ids("tag=billing&status=pass")).toHaveLength(4);
    expect(await ids("case=case-002")).toEqual([`case-002|${ARM_A.arm}`, `case-002|${ARM_B.arm}`]);
    expect(await ids("search=team%22%3A%22sales")).toEqual([`case-001|${ARM_B.arm}`]);
    expect((await get(`/api/runs/${RUN_2}/attempts?status=broken`)).status).toBe(400);
  });

  it("answers one attempt with its raw request and response", async () => {
    const { body } = await get<{ attempt: AttemptListResponse["attempts"][number] }>(`/api/runs/${RUN_1}/attempts/case-000/${encodeURIComponent(ARM_A.arm)}/0`);
    expect(body.attempt.output?.raw.request).toMatchObject({ model: "gpt-4o-mini", temperature: 0 });
    expect(body.attempt.vars).toEqual({ ticket: "Ticket number 0", lang: "fr" });
  });
});

describe("comparisons and trends", () => {
  it("pages a comparison's cases regressions first and filters by outcome", async () => {
    const { body } = await get<ComparisonResponse>("/api/comparisons/cmp_1");
    expect(body.comparison.verdict.status).toBe("FAIL");
    expect(body.cases.map((c) => c.outcome)).toEqual(["regression", "fix", "unchanged"]);
    expect(body.caseTotal).toBe(3);
    const fixes = await get<ComparisonResponse>("/api/comparisons/cmp_1?outcome=fix");
    expect(fixes.body.cases.map((c) => c.caseId)).toEqual(["case-000"]);
    expect(fixes.body.caseCounts.regression).toBe(1);
    expect((await get("/api/comparisons/cmp_1?outcome=worse")).status).toBe(400);
    // Stored before parity existed: the response says so in place of the card.
    expect(body.parity).toEqual({ missing: PARITY_MISSING });
  });

  it("lists a run's comparisons and a suite's pass rate over time, oldest first", async () => {
    expect((await get<{ comparisons: unknown[] }>(`/api/runs/${RUN_1}/comparisons`)).body.comparisons).toHaveLength(1);
    const { body } = await get<TrendResponse>("/api/suites/support-triage/trend");
    expect(body.points.map((p) => p.runId)).toEqual([RUN_1, RUN_2]);
    expect(body.points[0]?.passRate?.estimate).toBe(1);
    // An error is never a pass: 6 of 8 attempts.
    expect(body.points[1]?.passRate?.estimate).toBeCloseTo(6 / 8);
  });
});

describe("token and static files", () => {
  it("refuses API calls without the token, accepts the Bearer header or the token param", async () => {
    const none = await get<{ error: { code: string } }>("/api/runs", locked);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe("UNAUTHORIZED");
    expect((await locked.inject({ url: "/api/runs", headers: { authorization: "Bearer wrong" } })).statusCode).toBe(401);
    expect((await locked.inject({ url: "/api/runs", headers: { authorization: "Bearer s3cret-token" } })).statusCode).toBe(200);
    expect((await locked.inject({ url: "/api/runs?token=s3cret-token" })).statusCode).toBe(401);
    expect((await locked.inject({ url: "/api/runs", headers: { cookie: "evalgate-token=s3cret-token" } })).statusCode).toBe(200);
    expect((await locked.inject({ url: "/api/runs?token=s3cret-toke" })).statusCode).toBe(401);
  });

  it("serves the app with a script policy and never a file outside its folder", async () => {
    const page = await app.inject({ url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect((await app.inject({ url: "/..%2fsecret.txt" })).statusCode).toBe(404);
    expect((await app.inject({ url: "/../secret.txt" })).statusCode).toBe(404);
  });
});
