import type Database from "better-sqlite3";
import type { Run } from "../../core/index.js";
import type { ArmSummary, RunSummary } from "../store.js";

interface ArmRow {
  arm: string;
  attempts: number;
  errors: number;
  passed: number;
  failed: number;
  mean_score: number | null;
  cost_usd: number | null;
  unknown_cost: number;
  p95_latency_ms: number | null;
}

/**
 * Per-arm figures in one statement. p95 is nearest-rank: the value at rank ceil(0.95 n) of
 * the arm's latencies, computed with integer arithmetic ((95 n + 99) / 100) so it needs no
 * SQLite math functions. A join, not a correlated subquery, so the window runs once.
 * Replayed attempts are left out of latency: their latency is the recording's (DESIGN.md §9).
 */
const ARM_SUMMARY = `
WITH lat AS (
  SELECT arm, latency_ms,
         ROW_NUMBER() OVER (PARTITION BY arm ORDER BY latency_ms) AS rn,
         COUNT(*) OVER (PARTITION BY arm) AS n
  FROM attempts WHERE run_id = @runId AND latency_ms IS NOT NULL AND replayed = 0
), p95 AS (
  SELECT arm, latency_ms FROM lat WHERE rn = (95 * n + 99) / 100
), agg AS (
  SELECT arm, COUNT(*) AS attempts, SUM(status = 'error') AS errors,
         SUM(status = 'ok' AND pass = 1) AS passed, SUM(status = 'ok' AND pass = 0) AS failed,
         AVG(score) AS mean_score, SUM(cost_usd) AS cost_usd, SUM(status = 'ok' AND cost_usd IS NULL) AS unknown_cost
  FROM attempts WHERE run_id = @runId GROUP BY arm
)
SELECT agg.arm AS arm, agg.attempts AS attempts, agg.errors AS errors, agg.passed AS passed, agg.failed AS failed,
       agg.mean_score AS mean_score, agg.cost_usd AS cost_usd, agg.unknown_cost AS unknown_cost, p95.latency_ms AS p95_latency_ms
FROM agg LEFT JOIN p95 ON p95.arm = agg.arm ORDER BY agg.arm`;

const STORED = `SELECT arm, attempts, errors, passed, failed, mean_score, cost_usd, unknown_cost, p95_latency_ms
  FROM arm_summaries WHERE run_id = @runId ORDER BY arm`;

const STORE = `INSERT INTO arm_summaries (run_id, arm, attempts, errors, passed, failed, mean_score, cost_usd, unknown_cost, p95_latency_ms)
  VALUES (@runId, @arm, @attempts, @errors, @passed, @failed, @mean_score, @cost_usd, @unknown_cost, @p95_latency_ms)`;

/**
 * Run summaries: read from arm_summaries when the run's rows are there (stored by `store`
 * when the run finishes, deleted by triggers when any of its attempts changes), else
 * aggregated live over the attempts. Both give the same figures.
 */
export class RunSummaries {
  private readonly armSummary: Database.Statement<[{ runId: string }], ArmRow>;
  private readonly stored: Database.Statement<[{ runId: string }], ArmRow>;
  private readonly clear: Database.Statement<[string]>;
  private readonly insert: Database.Statement<[ArmRow & { runId: string }]>;

  constructor(db: Database.Database) {
    this.armSummary = db.prepare<[{ runId: string }], ArmRow>(ARM_SUMMARY);
    this.stored = db.prepare<[{ runId: string }], ArmRow>(STORED);
    this.clear = db.prepare<[string]>("DELETE FROM arm_summaries WHERE run_id = ?");
    this.insert = db.prepare<[ArmRow & { runId: string }]>(STORE);
  }

  summarize(run: Run): RunSummary {
    const stored = this.stored.all({ runId: run.id });
    const found = stored.length > 0 ? stored : this.armSummary.all({ runId: run.id });
    const rows = new Map(found.map((r) => [r.arm, r]));
    // The run's arms in plan order, then any arm only the attempts know (a merged shard).
    const armIds = [...run.arms.map((a) => a.arm), ...[...rows.keys()].filter((k) => !run.arms.some((a) => a.arm === k))];
    const arms = armIds.map((arm) => toArmSummary(arm, rows.get(arm)));
    return { run, arms, totals: totalsOf(arms) };
  }

  /** Call inside a write transaction (finishing the run): aggregates the attempts once and keeps the rows. */
  store(runId: string): void {
    this.clear.run(runId);
    for (const row of this.armSummary.all({ runId })) this.insert.run({ ...row, runId });
  }
}

function toArmSummary(arm: string, row: ArmRow | undefined): ArmSummary {
  const passed = row?.passed ?? 0;
  const failed = row?.failed ?? 0;
  return {
    arm,
    attempts: row?.attempts ?? 0,
    errors: row?.errors ?? 0,
    passed,
    failed,
    passRate: passed + failed > 0 ? passed / (passed + failed) : null,
    meanScore: row?.mean_score ?? null,
    costUsd: row?.cost_usd ?? null,
    unknownCost: row?.unknown_cost ?? 0,
    p95LatencyMs: row?.p95_latency_ms ?? null,
  };
}

function totalsOf(arms: ArmSummary[]): RunSummary["totals"] {
  const sum = (f: (a: ArmSummary) => number) => arms.reduce((acc, a) => acc + f(a), 0);
  const passed = sum((a) => a.passed);
  const failed = sum((a) => a.failed);
  const known = arms.filter((a) => a.costUsd !== null);
  return {
    attempts: sum((a) => a.attempts),
    errors: sum((a) => a.errors),
    passed,
    failed,
    passRate: passed + failed > 0 ? passed / (passed + failed) : null,
    costUsd: known.length > 0 ? known.reduce((acc, a) => acc + (a.costUsd ?? 0), 0) : null,
    unknownCost: sum((a) => a.unknownCost),
  };
}
