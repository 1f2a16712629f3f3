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

async function seeded(): Promise<{ path: string; store: Store }> {
  const path = join(dir, `db-${++counter}.db`);
  const store = openSqliteStore(path);
  const cases = makeCases(10);
  await store.createRun(RUN, makeSuite(), cases);
  for (const [i, c] of cases.entries()) {
    await store.recordAttempt(i % 4 === 0 ? makeErrorAttempt({ caseId: c.id, arm: ARM_B.arm }) : makeAttempt({ caseId: c.id, arm: ARM_B.arm }, i % 3 !== 0));
    const a = makeAttempt({ caseId: c.id, arm: ARM_A.arm });
    if (a.output) a.output.latency.totalMs = 50 * (i + 1);
    // Half of arm A's attempts found 64 of their 120 input tokens cached: a share of 64·5 / 120·10.
    if (a.output?.usage && i % 2 === 0) a.output.usage.cachedInputTokens = 64;
    await store.recordAttempt(a);
  }
  // A replayed attempt's latency is the recording's: it must not move the p95 (500 ms without it).
  const replayed = makeAttempt({ caseId: "case-009", arm: ARM_A.arm, repeat: 1, replayed: true });
  if (replayed.output) replayed.output.latency.totalMs = 99_999;
  await store.recordAttempt(replayed);
  return { path, store };
}

function storedArms(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const json = db.prepare<[string], string>("SELECT arms_json FROM run_summaries WHERE run_id = ?").pluck().get(RUN.id);
    return json === undefined ? [] : (JSON.parse(json) as Array<{ arm: string }>).map((a) => a.arm).sort();
  } finally {
    db.close();
  }
}

/** Migration 013 undone: 012's indexes back. */
const UNDO_013 = `DROP INDEX attempts_by_arm; DROP INDEX attempts_latency;
  CREATE INDEX attempts_by_arm ON attempts (run_id, arm, case_id, repeat, status, pass, score);
  CREATE INDEX attempts_tally ON attempts (run_id, arm, status, replayed, latency_ms, ttft_ms, pass, score, cost_usd, input_tokens, cached_tokens);
  CREATE INDEX attempts_wall ON attempts (run_id, arm, wall_ms, latency_ms) WHERE wall_ms IS NOT NULL;
  CREATE INDEX attempts_latency ON attempts (run_id, arm, replayed, latency_ms) WHERE latency_ms IS NOT NULL;`;

describe("stored run summaries (run_summaries)", () => {
  it("finishing a run stores one row per arm, and any later write to one of its attempts deletes them", async () => {
    const { path, store } = await seeded();
    expect(storedArms(path)).toEqual([]);
    await store.finishRun(RUN.id, "completed", "2026-11-25T10:30:00.000Z");
    expect(storedArms(path)).toEqual([ARM_A.arm, ARM_B.arm].sort());
    await store.recordAttempt(makeAttempt({ caseId: "case-001", arm: ARM_A.arm }, false));
    expect(storedArms(path)).toEqual([]);
    // p95 interpolated over 50..500 ms: 477.5 (the replayed 99,999 ms is left out).
    expect((await store.summarizeRun(RUN.id))?.arms.find((a) => a.arm === ARM_A.arm)).toMatchObject({ attempts: 11, passed: 10, failed: 1 });
    expect((await store.summarizeRun(RUN.id))?.arms.find((a) => a.arm === ARM_A.arm)?.latencyP95).toBeCloseTo(477.5, 9);
    await store.close();
  });

  it("migrating a version-7 database fills the token columns from the deflated outputs and summarizes with the cached share", async () => {
    const { path, store } = await seeded();
    await store.finishRun(RUN.id, "completed", "2026-11-25T10:30:00.000Z");
    const live = await store.summarizeRun(RUN.id);
    // The replayed attempt (case-009/1) found none cached: 5 of 11 attempts with 64 of 120.
    expect(live?.arms.find((a) => a.arm === ARM_A.arm)?.cachedInputShare).toBeCloseTo((5 * 64) / (11 * 120), 12);
    await store.close();
    const db = new Database(path);
    // Undo 013 (the folded indexes).
    db.exec(UNDO_013);
    // Back to version 7: undo 012 (batch chunks), 011 (case weights, recorded arms), 010 (loop steps), 009 (images) and 008 (token columns).
    db.exec("ALTER TABLE cases DROP COLUMN weight; ALTER TABLE arms DROP COLUMN recorded;");
    db.exec(`DROP TABLE batch_chunks; DROP TABLE attempt_steps; DROP TABLE images; DROP INDEX attempts_tally; ALTER TABLE attempts DROP COLUMN input_tokens; ALTER TABLE attempts DROP COLUMN cached_tokens;
      CREATE INDEX attempts_tally ON attempts (run_id, arm, status, replayed, latency_ms, ttft_ms, pass, score, cost_usd); DELETE FROM run_summaries;`);
    db.pragma("user_version = 7");
    db.close();
    const migrated = openSqliteStore(path);
    expect(storedArms(path)).toEqual([ARM_A.arm, ARM_B.arm].sort());
    expect(await migrated.summarizeRun(RUN.id)).toEqual(live);
    await migrated.close();
  });

  it("migrating a version-3 database (the old per-arm rows) summarizes its finished runs with the figures the live tally gives", async () => {
    const { path, store } = await seeded();
    await store.finishRun(RUN.id, "completed", "2026-11-25T10:30:00.000Z");
    const live = await store.summarizeRun(RUN.id);
    // A version-3 database holds each output as JSON text (007 deflates it): written back so below.
    const outputs = [];
    for await (const a of store.streamAttempts(RUN.id)) {
      if (a.output) {
        const { raw: _raw, text: _text, ...rest } = a.output;
        outputs.push([JSON.stringify(rest), a.caseId, a.arm, a.repeat] as const);
      }
    }
    await store.close();
    const db = new Database(path);
    const asText = db.prepare("UPDATE attempts SET output_json = ? WHERE case_id = ? AND arm = ? AND repeat = ?");
    for (const o of outputs) asText.run(...o);
    // Undo 013 (the folded indexes).
    db.exec(UNDO_013);
    // Back to version 3: undo 012 (batch chunks), 011 (case weights, recorded arms), 010 (tool loop steps), 009 (images), 008 (token columns), 007 (raw payloads in the row), 006 (shards), 005 (looks, group and wall columns, the wide index) and 004.
    db.exec("ALTER TABLE cases DROP COLUMN weight; ALTER TABLE arms DROP COLUMN recorded;");
    db.exec(`DROP TABLE batch_chunks; DROP TABLE attempt_steps; DROP TABLE images; ALTER TABLE attempts DROP COLUMN raw; DROP TABLE payload_dicts; DROP TABLE run_shards; DROP TABLE looks; DROP INDEX attempts_wall; DROP INDEX attempts_latency; ALTER TABLE attempts DROP COLUMN wall_ms; ALTER TABLE cases DROP COLUMN group_id;
      DROP INDEX attempts_by_arm; CREATE INDEX attempts_by_arm ON attempts (run_id, arm, case_id, repeat);`);
    db.exec(`DROP TRIGGER attempts_insert_unsummarizes; DROP TRIGGER attempts_update_unsummarizes; DROP TRIGGER attempts_delete_unsummarizes;
      DROP TABLE run_summaries; DROP TABLE run_plans; DROP INDEX attempts_tally; ALTER TABLE attempts DROP COLUMN ttft_ms;
      ALTER TABLE attempts DROP COLUMN input_tokens; ALTER TABLE attempts DROP COLUMN cached_tokens;
      CREATE TABLE arm_summaries (run_id TEXT NOT NULL, arm TEXT NOT NULL, attempts INTEGER NOT NULL, errors INTEGER NOT NULL, passed INTEGER NOT NULL,
        failed INTEGER NOT NULL, mean_score REAL, cost_usd REAL, unknown_cost INTEGER NOT NULL, p95_latency_ms REAL, PRIMARY KEY (run_id, arm)) WITHOUT ROWID;
      CREATE TRIGGER attempts_insert_unsummarizes AFTER INSERT ON attempts BEGIN DELETE FROM arm_summaries WHERE run_id = NEW.run_id; END;
      CREATE TRIGGER attempts_update_unsummarizes AFTER UPDATE ON attempts BEGIN DELETE FROM arm_summaries WHERE run_id = OLD.run_id; END;
      CREATE TRIGGER attempts_delete_unsummarizes AFTER DELETE ON attempts BEGIN DELETE FROM arm_summaries WHERE run_id = OLD.run_id; END;`);
    db.pragma("user_version = 3");
    db.close();
    const migrated = openSqliteStore(path);
    expect(storedArms(path)).toEqual([ARM_A.arm, ARM_B.arm].sort());
    expect(await migrated.summarizeRun(RUN.id)).toEqual(live);
    await migrated.close();
  });
});
