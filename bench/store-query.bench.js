// Store queries at scale (docs/design/architecture.md §12): 2 runs × 50,000 attempts in one SQLite file,
// then the dashboard's attempt queries (filters, search, deep pages) with their totals.
// Target: p95 ≤ 250 ms over all queries. Also prints the write rate (one transaction per
// attempt, as a run records them) and the database size.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../dist/store/index.js";
import { syntheticAttempt } from "./lib/synthetic-attempt.js";

const TARGET_P95_MS = 250;
const ATTEMPTS_PER_RUN = Number(process.env.STORE_BENCH_ATTEMPTS ?? 50_000);
const ARMS = ["triage@gpt-4o-mini", "triage@gpt-5-mini"];
const REPEATS = 2;
const CASES = ATTEMPTS_PER_RUN / (ARMS.length * REPEATS);
const TAGS = ["billing", "sales", "fr", "urgent"];

const dir = mkdtempSync(join(tmpdir(), "evalgate-store-bench-"));
const path = join(dir, "evalgate.db");
try {
  const store = await openStore(path);
  const runIds = ["run_20261125T100000Z_aaaaaa", "run_20261125T110000Z_bbbbbb"];
  const writeMs = [];
  for (const [r, id] of runIds.entries()) writeMs.push(await seedRun(store, id, r));
  const timings = [];
  for (const id of runIds) for (const q of queries()) timings.push(await timeQuery(store, id, q));
  report(writeMs, timings, statSync(path).size);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function seedRun(store, id, r) {
  const cases = Array.from({ length: CASES }, (_, i) => ({ id: `case-${String(i).padStart(6, "0")}`, vars: { ticket: `ticket ${i}` }, tags: [TAGS[i % 4], ...(i % 10 === 0 ? ["urgent"] : [])].filter((t, j, a) => a.indexOf(t) === j), varsHash: `v${i}` }));
  const arms = ARMS.map((arm) => ({ arm, promptId: "triage", targetId: arm.split("@")[1], api: "chat", model: arm.split("@")[1], params: {}, warnings: [], simulated: true }));
  const run = { id, suite: "triage", suiteHash: "h", status: "running", startedAt: `2026-11-25T1${r}:00:00.000Z`, finishedAt: null, gitCommit: null, gitDirty: null, evalgateVersion: "0.1.0", schemaVersion: 1, tags: [], arms, simulated: true };
  await store.createRun(run, { name: "triage", hash: "h", source: { name: "triage" } }, cases);
  const started = performance.now();
  let n = 0;
  for (const c of cases) for (const arm of ARMS) for (let repeat = 0; repeat < REPEATS; repeat++) await store.recordAttempt(attempt(id, c.id, arm, repeat, n++));
  return performance.now() - started;
}

function attempt(runId, caseId, arm, repeat, n) {
  return syntheticAttempt(runId, caseId, arm, repeat, n);
}

function queries() {
  const page = { limit: 50, offset: 0 };
  return [
    ["all, first page", page],
    ["all, deep page", { limit: 50, offset: ATTEMPTS_PER_RUN - 100 }],
    ["one arm", { ...page, arm: ARMS[1] }],
    ["failing", { ...page, status: "fail" }],
    ["errored", { ...page, status: "error" }],
    ["failing grader tone", { ...page, status: "fail", grader: "tone" }],
    ["tag urgent", { ...page, tag: "urgent" }],
    ["tag fr, failing, deep", { status: "fail", tag: "fr", limit: 50, offset: 1000 }],
    ["search text", { ...page, search: "answer 4242" }],
    ["search case id", { ...page, search: "case-0012" }],
    ["one case", { ...page, caseId: "case-000042" }],
  ];
}

async function timeQuery(store, runId, [name, q]) {
  const samples = [];
  let total = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    total = (await store.listAttempts(runId, q)).total;
    samples.push(performance.now() - t);
  }
  return { name, total, ms: samples };
}

function report(writeMs, timings, bytes) {
  const attempts = ATTEMPTS_PER_RUN * writeMs.length;
  const totalWrite = writeMs.reduce((a, b) => a + b, 0);
  console.log(`write: ${attempts} attempts in ${(totalWrite / 1000).toFixed(1)} s = ${Math.round(attempts / (totalWrite / 1000))} attempts/s (one transaction each); database ${(bytes / 1e6).toFixed(1)} MB`);
  for (const t of timings.slice(0, timings.length / 2)) {
    const sorted = [...t.ms].sort((a, b) => a - b);
    console.log(`  ${t.name.padEnd(24)} total ${String(t.total).padStart(6)}  median ${sorted[2].toFixed(1)} ms  max ${sorted[4].toFixed(1)} ms`);
  }
  const all = timings.flatMap((t) => t.ms).sort((a, b) => a - b);
  const p95 = all[Math.ceil(0.95 * all.length) - 1];
  const ok = p95 <= TARGET_P95_MS;
  console.log(`query p95 over ${all.length} queries (2 runs × ${ATTEMPTS_PER_RUN} attempts): ${p95.toFixed(1)} ms (target ≤ ${TARGET_P95_MS} ms) ${ok ? "PASS" : "MISS"}`);
  if (!ok) process.exitCode = 1;
}
