import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeErrorAttempt, makeRun, makeSuite } from "../store-fixtures.js";
import type { Store } from "../store.js";
import { openSqliteStore } from "./open.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-summary-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;
const RUN = makeRun();

function seeded(): { path: string; store: Store } {
  const path = join(dir, `db-${++counter}.db`);
  const store = openSqliteStore(path);
  const cases = makeCases(10);
  store.createRun(RUN, makeSuite(), cases);
  cases.forEach((c, i) => {
    store.recordAttempt(i % 4 === 0 ? makeErrorAttempt({ caseId: c.id, arm: ARM_B.arm }) : makeAttempt({ caseId: c.id, arm: ARM_B.arm }, i % 3 !== 0));
    const a = makeAttempt({ caseId: c.id, arm: ARM_A.arm });
    if (a.output) a.output.latency.totalMs = 50 * (i + 1);
    store.recordAttempt(a);
  });
  // A replayed attempt's latency is the recording's: it must not move the p95 (500 ms without it).
  const replayed = makeAttempt({ caseId: "case-009", arm: ARM_A.arm, repeat: 1, replayed: true });
  if (replayed.output) replayed.output.latency.totalMs = 99_999;
  store.recordAttempt(replayed);
  return { path, store };
}

function storedArms(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare<[string], { arm: string }>("SELECT arm FROM arm_summaries WHERE run_id = ? ORDER BY arm").all(RUN.id).map((r) => r.arm);
  } finally {
    db.close();
  }
}

describe("stored run summaries (arm_summaries)", () => {
  it("finishing a run stores one row per arm, and any later write to one of its attempts deletes them", () => {
    const { path, store } = seeded();
    expect(storedArms(path)).toEqual([]);
    store.finishRun(RUN.id, "completed", "2026-11-25T10:30:00.000Z");
    expect(storedArms(path)).toEqual([ARM_A.arm, ARM_B.arm].sort());
    store.recordAttempt(makeAttempt({ caseId: "case-001", arm: ARM_A.arm }, false));
    expect(storedArms(path)).toEqual([]);
    expect(store.summarizeRun(RUN.id)?.arms.find((a) => a.arm === ARM_A.arm)).toMatchObject({ attempts: 11, passed: 10, failed: 1, p95LatencyMs: 500 });
    store.close();
  });

  it("migrating a version-1 database summarizes its runs with the figures the live aggregate gives", () => {
    const { path, store } = seeded();
    const live = store.summarizeRun(RUN.id);
    store.close();
    const db = new Database(path);
    db.exec("DROP TRIGGER attempts_insert_unsummarizes; DROP TRIGGER attempts_update_unsummarizes; DROP TRIGGER attempts_delete_unsummarizes; DROP TABLE arm_summaries; DROP INDEX scores_judged;");
    db.pragma("user_version = 1");
    db.close();
    const migrated = openSqliteStore(path);
    expect(storedArms(path)).toEqual([ARM_A.arm, ARM_B.arm].sort());
    expect(migrated.summarizeRun(RUN.id)).toEqual(live);
    expect(live?.arms.find((a) => a.arm === ARM_A.arm)).toMatchObject({ attempts: 11, p95LatencyMs: 500, passRate: 1 });
    migrated.close();
  });
});
