import type Database from "better-sqlite3";
import type { Run } from "../../core/index.js";
import { summarizeTally, summarizeTotals, type ArmSummary, type ArmTally, type CaseSquares } from "../../stats/index.js";
import type { RunSummary } from "../store.js";
import { armsInOrder } from "../tally-attempts.js";

type Counts = Omit<ArmTally, "latencies" | "ttfts" | "judgeCalls" | "judgeCostUsd" | "judgeUnknownCost" | "cases" | "caseSquares" | "overheadSumMs" | "overheadCount">;

/**
 * The tally's counts and sums in one pass over the run's index entries (attempts_by_arm,
 * which covers them since migration 013: no attempt row is read). Each column is the SQL twin of a line of stats'
 * tallyFigures (the conformance suite holds them equal): an errored attempt scores 0 and
 * costs 0; a priced-unknown attempt with output is counted apart; `timed` and `streamed`
 * count the latencies that count (sent attempts with output).
 */
const ARM_COUNTS = `
SELECT arm, COUNT(*) AS attempts,
       SUM(status = 'ok' AND pass = 1) AS passed, SUM(status = 'ok' AND pass = 0) AS failed, SUM(status = 'error') AS errors,
       TOTAL(score) AS scoreSum, TOTAL(CASE WHEN status = 'ok' THEN cost_usd END) AS knownCostUsd,
       SUM(status = 'ok' AND cost_usd IS NULL) AS unknownCost,
       TOTAL(input_tokens) AS inputTokens, TOTAL(cached_tokens) AS cachedInputTokens,
       SUM(replayed = 0 AND latency_ms IS NOT NULL) AS timed,
       SUM(replayed = 0 AND latency_ms IS NOT NULL AND ttft_ms IS NOT NULL) AS streamed
FROM attempts INDEXED BY attempts_by_arm WHERE run_id = @runId GROUP BY arm`;

/**
 * Per arm, its cases and the sums over cases of their squared counts (stats' CaseSquares), over
 * attempts_by_arm (migration 005: a covering scan already in (arm, case id) order, no sort).
 */
const ARM_CASES = `
SELECT arm, COUNT(*) AS cases, TOTAL(n * n) AS attempts2, TOTAL(k * k) AS passed2, TOTAL(k * n) AS passedAttempts,
       TOTAL(s * s) AS score2, TOTAL(s * n) AS scoreAttempts
FROM (SELECT arm, case_id, COUNT(*) AS n, TOTAL(status = 'ok' AND pass = 1) AS k, TOTAL(score) AS s
      FROM attempts INDEXED BY attempts_by_arm WHERE run_id = @runId GROUP BY arm, case_id)
GROUP BY arm`;

/** The harness's overhead beside the simulator's modelled latency (attempts_latency carries wall_ms since migration 013). */
const OVERHEAD = `
SELECT arm, TOTAL(wall_ms - latency_ms) AS overheadSumMs, COUNT(*) AS overheadCount
FROM attempts INDEXED BY attempts_latency WHERE run_id = @runId AND wall_ms IS NOT NULL AND latency_ms IS NOT NULL GROUP BY arm`;

type CaseRow = CaseSquares & { arm: string; cases: number };

/** The sent attempts of one arm with a latency, in latency order (attempts_latency's, migration 005), from the bottom or the top. */
const TIMED = `FROM attempts INDEXED BY attempts_latency WHERE run_id = @runId AND arm = @arm AND replayed = 0 AND latency_ms IS NOT NULL`;
const LATENCY_UP = `SELECT latency_ms ${TIMED} ORDER BY latency_ms ASC LIMIT 1 OFFSET @offset`;
const LATENCY_DOWN = `SELECT latency_ms ${TIMED} ORDER BY latency_ms DESC LIMIT 1 OFFSET @offset`;
/** A time to first token exists only with output (status ok), read from attempts_by_arm's entries of the arm. */
const TTFT_UP = `SELECT ttft_ms FROM attempts INDEXED BY attempts_by_arm WHERE run_id = @runId AND arm = @arm AND status = 'ok' AND replayed = 0 AND latency_ms IS NOT NULL AND ttft_ms IS NOT NULL ORDER BY ttft_ms ASC LIMIT 1 OFFSET @offset`;

/** Judge spend per arm over the scores a judge produced (the partial index of migration 003). */
const JUDGE_SPEND = `
SELECT arm, COUNT(*) AS judgeCalls, TOTAL(json_extract(judge_cost_json, '$.usd')) AS judgeCostUsd,
       SUM(json_extract(judge_cost_json, '$.usd') IS NULL) AS judgeUnknownCost
FROM scores INDEXED BY scores_judged WHERE run_id = @runId AND judge_cost_json IS NOT NULL GROUP BY arm`;

interface JudgeRow {
  arm: string;
  judgeCalls: number;
  judgeCostUsd: number;
  judgeUnknownCost: number;
}

type CountRow = Counts & { arm: string; timed: number; streamed: number };
type RankQuery = Database.Statement<[{ runId: string; arm: string; offset: number }], number>;

const EMPTY: CountRow = { arm: "", attempts: 0, passed: 0, failed: 0, errors: 0, scoreSum: 0, knownCostUsd: 0, unknownCost: 0, inputTokens: 0, cachedInputTokens: 0, timed: 0, streamed: 0 };

/**
 * Run summaries: read from run_summaries when the run's row is there (stored when the run
 * finishes, deleted by triggers when any of its attempts changes), else tallied live over
 * the attempts. Both go through stats' summarizeTally: one definition of every figure.
 */
export class RunSummaries {
  private readonly counts: Database.Statement<[{ runId: string }], CountRow>;
  private readonly cases: Database.Statement<[{ runId: string }], CaseRow>;
  private readonly overhead: Database.Statement<[{ runId: string }], { arm: string; overheadSumMs: number; overheadCount: number }>;
  private readonly latencyUp: RankQuery;
  private readonly latencyDown: RankQuery;
  private readonly ttftUp: RankQuery;
  private readonly judges: Database.Statement<[{ runId: string }], JudgeRow>;
  private readonly stored: Database.Statement<[string], string>;
  private readonly insert: Database.Statement<[string, string]>;

  constructor(private readonly db: Database.Database) {
    this.counts = db.prepare(ARM_COUNTS);
    this.cases = db.prepare(ARM_CASES);
    this.overhead = db.prepare(OVERHEAD);
    this.latencyUp = db.prepare<[{ runId: string; arm: string; offset: number }], number>(LATENCY_UP).pluck();
    this.latencyDown = db.prepare<[{ runId: string; arm: string; offset: number }], number>(LATENCY_DOWN).pluck();
    this.ttftUp = db.prepare<[{ runId: string; arm: string; offset: number }], number>(TTFT_UP).pluck();
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

  /**
   * The live summary: one pass over the index for the counts, one for the distinct cases,
   * one over the judged scores, and per percentile the one or two values at its ranks
   * (read from the nearer end of the arm's latency order).
   */
  private tally(run: { id: string; arms: ReadonlyArray<{ arm: string }> }): ArmSummary[] {
    const runId = run.id;
    const params = { runId };
    const counts = new Map(this.counts.all(params).map((c) => [c.arm, c]));
    const cases = new Map(this.cases.all(params).map((c) => [c.arm, c]));
    const overhead = new Map(this.overhead.all(params).map((o) => [o.arm, o]));
    const judges = new Map(this.judges.all(params).map((j) => [j.arm, j]));
    return armsInOrder(run.arms.map((a) => a.arm), counts.keys()).map((arm) => {
      const { arm: _arm, timed, streamed, ...c } = counts.get(arm) ?? EMPTY;
      const j = judges.get(arm);
      const latencies = {
        length: timed,
        at: (rank: number) =>
          rank < timed / 2 ? this.latencyUp.get({ runId, arm, offset: rank }) : this.latencyDown.get({ runId, arm, offset: timed - 1 - rank }),
      };
      const ttfts = { length: streamed, at: (rank: number) => this.ttftUp.get({ runId, arm, offset: rank }) };
      return summarizeTally(arm, {
        ...c,
        cases: cases.get(arm)?.cases ?? 0,
        caseSquares: squares(cases.get(arm)),
        overheadSumMs: overhead.get(arm)?.overheadSumMs ?? 0,
        overheadCount: overhead.get(arm)?.overheadCount ?? 0,
        judgeCalls: j?.judgeCalls ?? 0,
        judgeCostUsd: j?.judgeCostUsd ?? 0,
        judgeUnknownCost: j?.judgeUnknownCost ?? 0,
        latencies,
        ttfts,
      });
    });
  }
}

function squares(row: CaseRow | undefined): CaseSquares {
  return {
    attempts2: row?.attempts2 ?? 0,
    passed2: row?.passed2 ?? 0,
    passedAttempts: row?.passedAttempts ?? 0,
    score2: row?.score2 ?? 0,
    scoreAttempts: row?.scoreAttempts ?? 0,
  };
}
