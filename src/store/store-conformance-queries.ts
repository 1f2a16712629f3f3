import { expect, it } from "vitest";
import type { Attempt } from "../core/index.js";
import { percentile } from "../stats/index.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeErrorAttempt, makeRun, makeScore, makeSuite } from "./store-fixtures.js";
import type { AttemptQuery, Store } from "./store.js";

const CASES = makeCases(30, (i) => (i % 3 === 0 ? ["billing", "fr"] : i % 3 === 1 ? ["sales"] : []));

/**
 * 30 cases × 2 arms × 2 repeats = 120 attempts with a known pattern: every 7th errors,
 * every 4th fails (on the `tone` grader when odd, `team` when even), latencies 100..219 ms.
 */
async function seedAttempts(store: Store): Promise<Attempt[]> {
  const run = makeRun();
  await store.createRun(run, makeSuite(), CASES);
  const attempts: Attempt[] = [];
  let n = 0;
  for (const c of CASES) {
    for (const arm of [ARM_A.arm, ARM_B.arm]) {
      for (const repeat of [0, 1]) {
        attempts.push(patterned(c.id, arm, repeat, n++));
      }
    }
  }
  for (const a of attempts) await store.recordAttempt(a);
  return attempts;
}

function patterned(caseId: string, arm: string, repeat: number, n: number): Attempt {
  if (n % 7 === 0) return makeErrorAttempt({ caseId, arm, repeat });
  const pass = n % 4 !== 0;
  const failing = n % 2 === 1 ? "tone" : "team";
  const a = makeAttempt({ caseId, arm, repeat, cost: { usd: arm === ARM_A.arm ? 0.001 : null, inputUsd: null, outputUsd: null } }, pass);
  a.scores = [
    makeScore({ grader: "team", pass: pass || failing !== "team", value: pass || failing !== "team" ? 1 : 0 }),
    makeScore({ grader: "tone", type: "llm-rubric", pass: pass || failing !== "tone", value: pass || failing !== "tone" ? 0.9 : 0.2 }),
  ];
  a.score = pass ? 0.95 : 0.6;
  if (a.output) {
    a.output.latency.totalMs = 100 + n;
    a.output.text = n === 43 ? "Needle: 100% sure_thing" : `answer ${n}`;
  }
  return a;
}

function matching(all: Attempt[], q: Omit<AttemptQuery, "limit" | "offset">): Attempt[] {
  const tags = new Map(CASES.map((c) => [c.id, c.tags]));
  return all.filter((a) => {
    if (q.arm && a.arm !== q.arm) return false;
    if (q.caseId && a.caseId !== q.caseId) return false;
    if (q.status === "error" && a.status !== "error") return false;
    if (q.status === "pass" && !(a.status === "ok" && a.pass === true)) return false;
    if (q.status === "fail" && !(a.status === "ok" && a.pass === false)) return false;
    if (q.grader && !a.scores.some((s) => s.grader === q.grader && (q.status !== "fail" || !s.pass))) return false;
    if (q.tag && !tags.get(a.caseId)?.includes(q.tag)) return false;
    if (q.search && !`${a.caseId} ${a.output?.text ?? ""} ${a.error?.message ?? ""}`.toLowerCase().includes(q.search.toLowerCase())) return false;
    return true;
  });
}

const keyOf = (a: Attempt) => `${a.caseId}/${a.arm}/${a.repeat}`;

export function describeAttemptQueries(open: (location?: string) => Promise<Store>): void {
  it("filters attempts by arm, outcome, grader, tag and search with the totals the data implies", async () => {
    const store = await open();
    const all = await seedAttempts(store);
    const runId = all[0]?.runId as string;
    const queries: Array<Omit<AttemptQuery, "limit" | "offset">> = [
      {}, { arm: ARM_B.arm }, { status: "pass" }, { status: "fail" }, { status: "error" },
      { grader: "tone" }, { grader: "tone", status: "fail" }, { grader: "team", status: "fail", arm: ARM_A.arm },
      { tag: "billing" }, { tag: "fr", status: "fail" }, { search: "NEEDLE: 100%" }, { search: "case-01" }, { search: "429 too many" },
      { search: "_" }, { caseId: "case-003" },
    ];
    const totals: number[] = [];
    for (const q of queries) totals.push((await store.listAttempts(runId, { ...q, limit: 5, offset: 0 })).total);
    expect(totals).toEqual(queries.map((q) => matching(all, q).length));
    expect(totals.slice(0, 5)).toEqual([120, 60, 77, 25, 18]);
    expect(totals[10]).toBe(1);
    expect(totals[13]).toBe(1);
  });

  it("pages through a filtered list in case, arm, repeat order without gaps or repeats", async () => {
    const store = await open();
    const all = await seedAttempts(store);
    const runId = all[0]?.runId as string;
    const expected = matching(all, { status: "pass" }).map(keyOf).sort();
    const seen: string[] = [];
    for (let offset = 0; offset < 80; offset += 15) {
      const page = await store.listAttempts(runId, { status: "pass", limit: 15, offset });
      expect(page.total).toBe(expected.length);
      seen.push(...page.attempts.map(keyOf));
    }
    expect(seen).toEqual(expected);
    expect((await store.listAttempts(runId, { limit: 10, offset: 500 })).attempts).toEqual([]);
  });

  it("pages through search results in case, arm, repeat order with the total on every page", async () => {
    const store = await open();
    const all = await seedAttempts(store);
    const runId = all[0]?.runId as string;
    for (const q of [{ search: "answer 1" }, { search: "ANSWER 1", arm: ARM_B.arm, status: "pass" as const }]) {
      const expected = matching(all, q).map(keyOf).sort();
      const seen: string[] = [];
      for (let offset = 0; offset < expected.length + 7; offset += 7) {
        const page = await store.listAttempts(runId, { ...q, limit: 7, offset });
        expect(page.total).toBe(expected.length);
        seen.push(...page.attempts.map(keyOf));
      }
      expect(seen).toEqual(expected);
      expect(expected.length).toBeGreaterThan(7);
    }
  });

  it("summarizes each arm in SQL: counts, pass rate, mean score, known cost and p95 latency", async () => {
    const store = await open();
    const all = await seedAttempts(store);
    const [summary] = await store.listRuns();
    for (const armId of [ARM_A.arm, ARM_B.arm]) {
      const mine = all.filter((a) => a.arm === armId);
      const graded = mine.filter((a) => a.status === "ok");
      const passed = graded.filter((a) => a.pass).length;
      const latencies = graded.map((a) => a.output?.latency.totalMs as number).sort((x, y) => x - y);
      const arm = summary?.arms.find((a) => a.arm === armId);
      expect(arm).toMatchObject({ attempts: 60, errors: mine.length - graded.length, passed, failed: graded.length - passed });
      // An errored attempt is in the denominator and never passes; it scores 0.
      expect(arm?.passRate?.estimate).toBeCloseTo(passed / mine.length, 12);
      expect(arm?.meanScore).toBeCloseTo(graded.reduce((s, a) => s + (a.score ?? 0), 0) / mine.length, 12);
      expect(arm?.latencyP95).toBeCloseTo(percentile(latencies, 95), 9);
      expect(arm?.totalCost == null ? null : Number(arm.totalCost.toFixed(9))).toBe(armId === ARM_A.arm ? Number((graded.length * 0.001).toFixed(9)) : null);
      expect(arm?.unknownCostAttempts).toBe(armId === ARM_A.arm ? 0 : graded.length);
    }
    expect(summary?.totals).toMatchObject({ attempts: 120, errors: 18, passed: 77, failed: 25, unknownCostAttempts: summary?.arms[1]?.unknownCostAttempts });
    expect(summary?.arms.map((a) => a.arm)).toEqual([ARM_A.arm, ARM_B.arm]);
  });
}
