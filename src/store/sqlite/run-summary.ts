import type Database from "better-sqlite3";
import type { Run } from "../../core/index.js";
import type { ArmSummary, JudgeSpend, RunSummary } from "../store.js";

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
 * Per-arm counts, pass/fail, mean score and cost in one pass over the run's attempts, with
 * `timed`: how many have a latency that counts (replayed attempts don't: their latency is
 * the recording's, docs/design/architecture.md §9).
 */
const ARM_FIGURES = `
SELECT arm, COUNT(*) AS attempts, SUM(status = 'error') AS errors,
       SUM(status = 'ok' AND pass = 1) AS passed, SUM(status = 'ok' AND pass = 0) AS failed,
       AVG(score) AS mean_score, SUM(cost_usd) AS cost_usd, SUM(status = 'ok' AND cost_usd IS NULL) AS unknown_cost,
       SUM(latency_ms IS NOT NULL AND replayed = 0) AS timed
FROM attempts WHERE run_id = @runId GROUP BY arm ORDER BY arm`;

/**
 * Nearest-rank p95 of one arm: the value at rank k = ceil(0.95 n) ascending, read as offset
 * n - k from the top so SQLite's sorter keeps only the slowest 5% (a third of the time a
 * window over every latency takes at 50,000 attempts).
 */
const ARM_P95 = `
SELECT latency_ms FROM attempts
WHERE run_id = @runId AND arm = @arm AND latency_ms IS NOT NULL AND replayed = 0
ORDER BY latency_ms DESC LIMIT 1 OFFSET @offset`;

/** The nearest rank of p95, ceil(0.95 n), in integer arithmetic (the migration's SQL computes the same). */
const p95Rank = (n: number): number => Math.floor((95 * n + 99) / 100);

const STORED = `SELECT arm, attempts, errors, passed, failed, mean_score, cost_usd, unknown_cost, p95_latency_ms
  FROM arm_summaries WHERE run_id = @runId ORDER BY arm`;

const STORE = `INSERT INTO arm_summaries (run_id, arm, attempts, errors, passed, failed, mean_score, cost_usd, unknown_cost, p95_latency_ms)
  VALUES (@runId, @arm, @attempts, @errors, @passed, @failed, @mean_score, @cost_usd, @unknown_cost, @p95_latency_ms)`;

/** Judge spend of one run over the scores a judge produced (the partial index of migration 003). */
const JUDGE_SPEND = `
SELECT COUNT(*) AS calls, SUM(json_extract(judge_cost_json, '$.usd')) AS cost_usd,
       SUM(json_extract(judge_cost_json, '$.usd') IS NULL) AS unknown_cost
FROM scores WHERE run_id = @runId AND judge_cost_json IS NOT NULL`;

/**
 * Run summaries: read from arm_summaries when the run's rows are there (stored by `store`
 * when the run finishes, deleted by triggers when any of its attempts changes), else
 * aggregated live over the attempts. Both give the same figures.
 */
export class RunSummaries {
  private readonly armFigures: Database.Statement<[{ runId: string }], Omit<ArmRow, "p95_latency_ms"> & { timed: number }>;
  private readonly armP95: Database.Statement<[{ runId: string; arm: string; offset: number }], number>;
  private readonly stored: Database.Statement<[{ runId: string }], ArmRow>;
  private readonly clear: Database.Statement<[string]>;
  private readonly insert: Database.Statement<[ArmRow & { runId: string }]>;
  private readonly judgeSpend: Database.Statement<[{ runId: string }], { calls: number; cost_usd: number | null; unknown_cost: number | null }>;

  constructor(db: Database.Database) {
    this.armFigures = db.prepare(ARM_FIGURES);
    this.armP95 = db.prepare<[{ runId: string; arm: string; offset: number }], number>(ARM_P95).pluck();
    this.stored = db.prepare<[{ runId: string }], ArmRow>(STORED);
    this.clear = db.prepare<[string]>("DELETE FROM arm_summaries WHERE run_id = ?");
    this.insert = db.prepare<[ArmRow & { runId: string }]>(STORE);
    this.judgeSpend = db.prepare(JUDGE_SPEND);
  }

  summarize(run: Run): RunSummary {
    const stored = this.stored.all({ runId: run.id });
    const found = stored.length > 0 ? stored : this.aggregate(run.id);
    const rows = new Map(found.map((r) => [r.arm, r]));
    // The run's arms in plan order, then any arm only the attempts know (a merged shard).
    const armIds = [...run.arms.map((a) => a.arm), ...[...rows.keys()].filter((k) => !run.arms.some((a) => a.arm === k))];
    const arms = armIds.map((arm) => toArmSummary(arm, rows.get(arm)));
    return { run, arms, totals: totalsOf(arms), judges: this.judgesOf(run.id) };
  }

  private judgesOf(runId: string): JudgeSpend {
    const row = this.judgeSpend.get({ runId });
    return { calls: row?.calls ?? 0, costUsd: row?.cost_usd ?? null, unknownCost: row?.unknown_cost ?? 0 };
  }

  /** Call inside a write transaction (finishing the run): aggregates the attempts once and keeps the rows. */
  store(runId: string): void {
    this.clear.run(runId);
    for (const row of this.aggregate(runId)) this.insert.run({ ...row, runId });
  }

  /** The live figures: one pass for the counts, then one top-5% sort per arm for p95. */
  private aggregate(runId: string): ArmRow[] {
    return this.armFigures.all({ runId }).map(({ timed, ...row }) => ({
      ...row,
      p95_latency_ms: timed > 0 ? (this.armP95.get({ runId, arm: row.arm, offset: timed - p95Rank(timed) }) ?? null) : null,
    }));
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
