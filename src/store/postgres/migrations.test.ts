import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { Attempt } from "../../core/index.js";
import { attemptFigures } from "../../stats/index.js";
import { ARM_B, makeAttempt, makeErrorAttempt, makeRun } from "../store-fixtures.js";
import { summarizeAttempts } from "../tally-attempts.js";
import { migratePostgres, POSTGRES_MIGRATIONS } from "./migrations.js";
import { openPostgresStore } from "./open.js";

/**
 * A database written before migration 004 (figures as JSON, or — before 003 — only in the
 * body) is migrated and summarized with the same figures as the one definition gives.
 */
const url = process.env.EVALGATE_TEST_POSTGRES_URL;
const schema = `migrate_${process.pid}`;

describe.skipIf(!url)("Postgres migrations", () => {
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it("moves 003's figures into columns; a run with an attempt older than 003 is tallied from the bodies", async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    const client = await pool.connect();
    const run = makeRun({ status: "running", finishedAt: null });
    const attempts: Attempt[] = [
      makeAttempt({ caseId: "t-001" }),
      makeAttempt({ caseId: "t-001", arm: ARM_B.arm }, false),
      makeAttempt({ caseId: "t-002", output: { ...makeAttempt({ caseId: "t-002" }).output!, latency: { ttftMs: 30, totalMs: 900 } } }),
      makeErrorAttempt({ caseId: "t-002", arm: ARM_B.arm }),
      makeAttempt({ caseId: "t-003", replayed: true }),
    ];
    try {
      await migratePostgres(client, "test", POSTGRES_MIGRATIONS.slice(0, 3));
      const { arms, tags: _tags, ...head } = run;
      await client.query("INSERT INTO runs (id, suite, started_at, status, finished_at, head) VALUES ($1, $2, $3, $4, $5, $6)", [run.id, run.suite, run.startedAt, run.status, run.finishedAt, JSON.stringify(head)]);
      for (const [i, a] of arms.entries()) await client.query("INSERT INTO arms (run_id, arm, position, info) VALUES ($1, $2, $3, $4)", [run.id, a.arm, i, JSON.stringify(a)]);
      for (const [i, a] of attempts.entries()) {
        // The last attempt was written before 003: no figures column value.
        const figures = i === attempts.length - 1 ? null : JSON.stringify(attemptFigures(a));
        await client.query(
          `INSERT INTO attempts (run_id, case_id, arm, repeat, status, pass, replayed, cost_usd, search_id, body, figures)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $2, $9, $10)`,
          [run.id, a.caseId, a.arm, a.repeat, a.status, a.pass, a.replayed, a.status === "ok" ? a.cost.usd : null, JSON.stringify(a), figures],
        );
      }
    } finally {
      client.release();
    }
    const planned = run.arms.map((a) => a.arm);
    const store = await openPostgresStore(`${url}${url!.includes("?") ? "&" : "?"}schema=${schema}`);
    try {
      expect((await store.summarizeRun(run.id))?.arms).toEqual(summarizeAttempts(planned, attempts));
      // Without the older attempt every figure comes from the columns (and the server's tally).
      await pool.query("DELETE FROM attempts WHERE case_id = 't-003'");
      const tallied = (await store.summarizeRun(run.id))?.arms;
      expect(tallied).toEqual(summarizeAttempts(planned, attempts.slice(0, -1)));
      expect(tallied?.map((a) => [a.attempts, a.errors, a.latencyP50, a.ttftP50])).toEqual([
        [2, 0, 650, 55],
        [2, 1, 400, 80],
      ]);
    } finally {
      await store.close();
    }
  });
});
