// The dashboard's API at scale: 2 runs × 50,000 attempts and a stored comparison of
// 12,500 paired cases in one SQLite file, served by buildApp over HTTP on loopback.
// Prints the p95 latency of the runs list, a page of attempts, filtered pages and the
// stored comparison (regressions first), then the runs list and run detail again once one
// run is being written (its summary aggregated live). Target: each p95 ≤ 250 ms.
// DASHBOARD_BENCH_DB=postgres://… (a fresh schema) measures the Postgres store instead.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildApp } from "../dist/server/index.js";
import { openStore } from "../dist/store/index.js";
import { syntheticAttempt } from "./lib/synthetic-attempt.js";

const TARGET_P95_MS = 250;
const ATTEMPTS_PER_RUN = Number(process.env.DASHBOARD_BENCH_ATTEMPTS ?? 50_000);
const SAMPLES = 20;
const ARMS = ["triage@gpt-4o-mini", "triage@gpt-5-mini"];
const REPEATS = 2;
const CASES = ATTEMPTS_PER_RUN / (ARMS.length * REPEATS);
const TAGS = ["billing", "sales", "fr", "urgent"];
const RUN_IDS = ["run_20261125T100000Z_aaaaaa", "run_20261125T110000Z_bbbbbb"];

const dir = mkdtempSync(join(tmpdir(), "evalgate-dashboard-bench-"));
// DASHBOARD_BENCH_DB=postgres://…?schema=bench runs the same routes on the Postgres team store.
const path = process.env.DASHBOARD_BENCH_DB ?? join(dir, "evalgate.db");
const onSqlite = process.env.DASHBOARD_BENCH_DB === undefined;
try {
  const fillStarted = performance.now();
  const writer = await openStore(path);
  const writerLocation = writer.location;
  for (const [r, id] of RUN_IDS.entries()) await seedRun(writer, id, r);
  await writer.saveComparison(comparison());
  await writer.close();
  console.log(`filled ${RUN_IDS.length} runs × ${ATTEMPTS_PER_RUN} attempts and a ${CASES}-case comparison in ${((performance.now() - fillStarted) / 1000).toFixed(1)} s; ${onSqlite ? `database ${(statSync(path).size / 1e6).toFixed(1)} MB` : `store ${writerLocation}`}`);
  const store = await openStore(path, { readonly: true });
  const app = buildApp({ store });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const origin = `http://127.0.0.1:${app.server.address().port}`;
  const results = [];
  for (const [name, urls] of routes()) results.push({ name, ...(await time(origin, urls)) });
  // A run still being written has no stored summary: the list aggregates it live.
  await reopenSecondRun(path);
  for (const [name, urls] of liveRoutes()) results.push({ name, ...(await time(origin, urls)) });
  await app.close();
  await store.close();
  report(results);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function routes() {
  const [run1, run2] = RUN_IDS;
  const deep = (n) => Math.floor((ATTEMPTS_PER_RUN - 50) * (n / SAMPLES));
  const many = (f) => Array.from({ length: SAMPLES }, (_, i) => f(i));
  return [
    ["runs list", many(() => "/api/runs")],
    ["run detail (arm summaries)", many((i) => `/api/runs/${RUN_IDS[i % 2]}`)],
    ["page of attempts (offsets to the last page)", many((i) => `/api/runs/${i % 2 ? run1 : run2}/attempts?limit=50&offset=${deep(i)}`)],
    ["filtered page: failing, tag fr, one arm", many((i) => `/api/runs/${run2}/attempts?status=fail&tag=fr&arm=${encodeURIComponent(ARMS[i % 2])}&limit=50&offset=${(i % 5) * 200}`)],
    ["filtered page: grader tone failing", many((i) => `/api/runs/${run1}/attempts?status=fail&grader=tone&limit=50&offset=${i * 50}`)],
    ["filtered page: search", many((i) => `/api/runs/${run2}/attempts?search=${encodeURIComponent(`answer ${4000 + i}`)}&limit=50`)],
    ["stored comparison (regressions first)", many((i) => `/api/comparisons/cmp_bench?limit=100&offset=${(i % 4) * 100}`)],
    ["stored comparison, fixes only", many(() => "/api/comparisons/cmp_bench?outcome=fix&limit=100")],
  ];
}

/** One more attempt into the second run (as a resume would write it): its stored summary no longer holds. */
async function reopenSecondRun(path) {
  const writer = await openStore(path);
  await writer.recordAttempt(attempt(RUN_IDS[1], "case-000000", ARMS[0], REPEATS, ATTEMPTS_PER_RUN, 1));
  await writer.close();
}

function liveRoutes() {
  const many = (f) => Array.from({ length: SAMPLES }, (_, i) => f(i));
  return [
    ["runs list, one run still being written", many(() => "/api/runs")],
    ["run detail of the run being written", many(() => `/api/runs/${RUN_IDS[1]}`)],
  ];
}

async function time(origin, urls) {
  const ms = [];
  let bytes = 0;
  for (const url of urls) {
    const t = performance.now();
    const res = await fetch(origin + url);
    const body = await res.text();
    ms.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 200)}`);
    bytes = body.length;
  }
  return { ms, bytes };
}

function report(results) {
  let missed = 0;
  for (const r of results) {
    const sorted = [...r.ms].sort((a, b) => a - b);
    const p95 = sorted[Math.ceil(0.95 * sorted.length) - 1];
    const ok = p95 <= TARGET_P95_MS;
    if (!ok) missed++;
    console.log(`  ${r.name.padEnd(46)} p95 ${p95.toFixed(1).padStart(6)} ms  median ${sorted[Math.floor(sorted.length / 2)].toFixed(1).padStart(6)} ms  max ${sorted[sorted.length - 1].toFixed(1).padStart(6)} ms  ${(r.bytes / 1024).toFixed(0)} KiB  ${ok ? "PASS" : "MISS"}`);
  }
  console.log(`API p95 per route over ${SAMPLES} requests each (2 runs × ${ATTEMPTS_PER_RUN} attempts; target ≤ ${TARGET_P95_MS} ms): ${missed ? `${missed} MISS` : "all PASS"}`);
  if (missed) process.exitCode = 1;
}

async function seedRun(store, id, r) {
  const cases = Array.from({ length: CASES }, (_, i) => ({ id: `case-${String(i).padStart(6, "0")}`, vars: { ticket: `ticket ${i}` }, tags: [TAGS[i % 4], ...(i % 10 === 0 ? ["urgent"] : [])].filter((t, j, a) => a.indexOf(t) === j), varsHash: `v${i}` }));
  const arms = ARMS.map((arm) => ({ arm, promptId: "triage", targetId: arm.split("@")[1], api: "chat", model: arm.split("@")[1], params: {}, warnings: [], simulated: true }));
  const run = { id, suite: "triage", suiteHash: "h", status: "running", startedAt: `2026-11-25T1${r}:00:00.000Z`, finishedAt: null, gitCommit: null, gitDirty: null, evalgateVersion: "0.1.0", schemaVersion: 1, tags: [r ? "candidate" : "main"], arms, simulated: true };
  await store.createRun(run, { name: "triage", hash: "h", source: { name: "triage" } }, cases);
  let n = 0;
  for (const c of cases) for (const arm of ARMS) for (let repeat = 0; repeat < REPEATS; repeat++) await store.recordAttempt(attempt(id, c.id, arm, repeat, n++, r));
  await store.finishRun(id, "completed", `2026-11-25T1${r}:30:00.000Z`);
}

function attempt(runId, caseId, arm, repeat, n, r) {
  return syntheticAttempt(runId, caseId, arm, repeat, n, { passKey: n + r * 3, ttftMs: 80 + (n % 50) });
}

/** A comparison of the second arm across the two runs, shaped as src/compare stores it (12,500 cases). */
function comparison() {
  const outcomes = ["unchanged", "unchanged", "unchanged", "regression", "fix", "unchanged", "flaky"];
  const cases = Array.from({ length: CASES }, (_, i) => {
    const outcome = outcomes[i % outcomes.length];
    const b = outcome !== "fix";
    const c = outcome !== "regression";
    return { caseId: `case-${String(i).padStart(6, "0")}`, tags: [TAGS[i % 4]], outcome, baselineScore: b ? 1 : 0, candidateScore: c ? 1 : 0, baselinePass: b, candidatePass: c, repeats: { baseline: { passed: b ? 2 : 0, total: 2, errors: 0 }, candidate: { passed: c ? 2 : 0, total: 2, errors: 0 } } };
  });
  const est = (v) => ({ value: v, low: v - 0.01, high: v + 0.01 });
  const figures = { pairedCases: CASES, qualityDelta: est(0), passRateDelta: est(0), regressions: cases.filter((c) => c.outcome === "regression").length, fixes: cases.filter((c) => c.outcome === "fix").length, mcnemarP: 1, costPerCase: { baseline: 0.0002, candidate: 0.0002, ratio: est(1) }, latencyP95: { baseline: 580, candidate: 580, ratio: est(1) }, ttftP50: { baseline: 105, candidate: 105 }, errorRate: { baseline: 0.02, candidate: 0.02 } };
  return {
    id: "cmp_bench", baselineRunId: RUN_IDS[0], candidateRunId: RUN_IDS[1], baselineArm: ARMS[1], candidateArm: ARMS[1],
    figures, slices: Object.fromEntries(TAGS.map((t) => [t, figures])), cases, changedCases: [], onlyInBaseline: [], onlyInCandidate: [],
    verdict: { status: "PASS", gates: [{ gate: "quality", status: "PASS", figure: 0, threshold: 0.02, interval: [-0.01, 0.01], reason: "L > -m", decide: null }] },
    createdAt: "2026-11-25T11:31:00.000Z", seed: 1,
  };
}
