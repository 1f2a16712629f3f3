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
 * SQLite math functions.
 */
const ARM_SUMMARY = `
WITH lat AS (
  SELECT arm, latency_ms,
         ROW_NUMBER() OVER (PARTITION BY arm ORDER BY latency_ms) AS rn,
         COUNT(*) OVER (PARTITION BY arm) AS n
  FROM attempts WHERE run_id = @runId AND latency_ms IS NOT NULL
), p95 AS (
  SELECT arm, latency_ms FROM lat WHERE rn = (95 * n + 99) / 100
)
SELECT a.arm AS arm,
       COUNT(*) AS attempts,
       SUM(a.status = 'error') AS errors,
       SUM(a.status = 'ok' AND a.pass = 1) AS passed,
       SUM(a.status = 'ok' AND a.pass = 0) AS failed,
       AVG(a.score) AS mean_score,
       SUM(a.cost_usd) AS cost_usd,
       SUM(a.status = 'ok' AND a.cost_usd IS NULL) AS unknown_cost,
       (SELECT latency_ms FROM p95 WHERE p95.arm = a.arm) AS p95_latency_ms
FROM attempts a WHERE a.run_id = @runId
GROUP BY a.arm`;

export class RunSummaries {
  private readonly armSummary: Database.Statement<[{ runId: string }], ArmRow>;

  constructor(db: Database.Database) {
    this.armSummary = db.prepare<[{ runId: string }], ArmRow>(ARM_SUMMARY);
  }

  summarize(run: Run): RunSummary {
    const rows = new Map(this.armSummary.all({ runId: run.id }).map((r) => [r.arm, r]));
    // The run's arms in plan order, then any arm only the attempts know (a merged shard).
    const armIds = [...run.arms.map((a) => a.arm), ...[...rows.keys()].filter((k) => !run.arms.some((a) => a.arm === k))];
    const arms = armIds.map((arm) => toArmSummary(arm, rows.get(arm)));
    return { run, arms, totals: totalsOf(arms) };
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
