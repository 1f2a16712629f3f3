import type Database from "better-sqlite3";
import type { Run } from "../../core/index.js";
import { summarizeTally, summarizeTotals, type ArmSummary, type ArmTally } from "../../stats/index.js";
import type { RunSummary } from "../store.js";

type Counts = Omit<ArmTally, "latencies" | "ttfts" | "judgeCalls" | "judgeCostUsd" | "judgeUnknownCost">;

/**
 * The tally's counts and sums in one pass over the run's attempts. Each column is the SQL
 * twin of a line of stats' tallyFigures (the conformance suite holds them equal): an
 * errored attempt scores 0 and costs 0; a priced-unknown attempt with output is counted apart.
 */
const ARM_COUNTS = `
SELECT arm, COUNT(*) AS attempts, COUNT(DISTINCT case_id) AS cases,
       SUM(status = 'ok' AND pass = 1) AS passed, SUM(status = 'ok' AND pass = 0) AS failed, SUM(status = 'error') AS errors,
       TOTAL(score) AS scoreSum, TOTAL(CASE WHEN status = 'ok' THEN cost_usd END) AS knownCostUsd,
       SUM(status = 'ok' AND cost_usd IS NULL) AS unknownCost
FROM attempts WHERE run_id = @runId GROUP BY arm`;

/** The latencies that count (sent attempts with output): sorted here, in the process, by the one percentile. */
const ARM_LATENCIES = `
SELECT arm, latency_ms, ttft_ms FROM attempts
WHERE run_id = @runId AND status = 'ok' AND replayed = 0 AND latency_ms IS NOT NULL`;

/** Judge spend per arm over the scores a judge produced (the partial index of migration 003). */
const JUDGE_SPEND = `
SELECT arm, COUNT(*) AS judgeCalls, TOTAL(json_extract(judge_cost_json, '$.usd')) AS judgeCostUsd,
       SUM(json_extract(judge_cost_json, '$.usd') IS NULL) AS judgeUnknownCost
FROM scores WHERE run_id = @runId AND judge_cost_json IS NOT NULL GROUP BY arm`;

interface JudgeRow {
  arm: string;
  judgeCalls: number;
  judgeCostUsd: number;
  judgeUnknownCost: number;
}

const EMPTY: Counts = { attempts: 0, cases: 0, passed: 0, failed: 0, errors: 0, scoreSum: 0, knownCostUsd: 0, unknownCost: 0 };

/**
 * Run summaries: read from run_summaries when the run's row is there (stored when the run
 * finishes, deleted by triggers when any of its attempts changes), else tallied live over
 * the attempts. Both go through stats' summarizeTally: one definition of every figure.
 */
export class RunSummaries {
  private readonly counts: Database.Statement<[{ runId: string }], Counts & { arm: string }>;
  private readonly latencies: Database.Statement<[{ runId: string }], [string, number, number | null]>;
  private readonly judges: Database.Statement<[{ runId: string }], JudgeRow>;
  private readonly stored: Database.Statement<[string], string>;
  private readonly insert: Database.Statement<[string, string]>;

  constructor(private readonly db: Database.Database) {
    this.counts = db.prepare(ARM_COUNTS);
    this.latencies = db.prepare<[{ runId: string }], [string, number, number | null]>(ARM_LATENCIES).raw();
    this.judges = db.prepare(JUDGE_SPEND);
    this.stored = db.prepare<[string], string>("SELECT arms_json FROM run_summaries WHERE run_id = ?").pluck();
    this.insert = db.prepare<[string, string]>("INSERT OR REPLACE INTO run_summaries (run_id, arms_json) VALUES (?, ?)");
  }

  summarize(run: Run): RunSummary {
    const json = this.stored.get(run.id);
    const arms = json === undefined ? this.tally(run) : (JSON.parse(json) as ArmSummary[]);
    return { run, arms, totals: summarizeTotals(arms) };
  }

  /** Call inside a write transaction (finishing the run): tallies the attempts once and keeps the result. */
  store(run: Run): void {
    this.insert.run(run.id, JSON.stringify(this.tally(run)));
  }

  /** Every finished run without a stored summary (the migration that introduced them). */
  storeFinished(): void {
    const ids = this.db.prepare<[], string>("SELECT id FROM runs WHERE status <> 'running' AND id NOT IN (SELECT run_id FROM run_summaries)").pluck().all();
    for (const id of ids) this.insert.run(id, JSON.stringify(this.tally({ id, arms: this.planArms(id) })));
  }

  private planArms(runId: string): Array<{ arm: string }> {
    return this.db.prepare<[string], { arm: string }>("SELECT arm FROM arms WHERE run_id = ? ORDER BY position, arm").all(runId);
  }

  /** The live summary: one pass for the counts, one for the latencies, one over the judged scores. */
  private tally(run: { id: string; arms: ReadonlyArray<{ arm: string }> }): ArmSummary[] {
    const params = { runId: run.id };
    const counts = new Map(this.counts.all(params).map(({ arm, ...c }) => [arm, c]));
    const judges = new Map(this.judges.all(params).map((j) => [j.arm, j]));
    const timings = new Map<string, { latencies: number[]; ttfts: number[] }>();
    for (const [arm, latency, ttft] of this.latencies.all(params)) {
      let t = timings.get(arm);
      if (!t) timings.set(arm, (t = { latencies: [], ttfts: [] }));
      t.latencies.push(latency);
      if (ttft !== null) t.ttfts.push(ttft);
    }
    // The run's arms in plan order, then any arm only the attempts know (a merged shard).
    const armIds = [...run.arms.map((a) => a.arm), ...[...counts.keys()].filter((k) => !run.arms.some((a) => a.arm === k)).sort()];
    return armIds.map((arm) => {
      const j = judges.get(arm);
      const t = timings.get(arm);
      return summarizeTally(arm, {
        ...(counts.get(arm) ?? EMPTY),
        judgeCalls: j?.judgeCalls ?? 0,
        judgeCostUsd: j?.judgeCostUsd ?? 0,
        judgeUnknownCost: j?.judgeUnknownCost ?? 0,
        latencies: Float64Array.from(t?.latencies ?? []).sort(),
        ttfts: Float64Array.from(t?.ttfts ?? []).sort(),
      });
    });
  }
}
