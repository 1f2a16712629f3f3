import type pg from "pg";
import type { Attempt, Run } from "../../core/index.js";
import { attemptFigures, summarizeTally, type ArmSummary, type ArmTally, type AttemptFigures, type SortedValues } from "../../stats/index.js";
import { armsInOrder, summarizeFigures } from "../tally-attempts.js";

/**
 * Per arm, the tally's counts and sums and its case squares in one pass (the case-level sums
 * grouped again by arm). Each column is the SQL twin of a line of stats' tallyFigures, as
 * SQLite's run-summary.ts (the conformance suite holds them equal): an errored attempt scores
 * 0 and costs 0; a priced-unknown attempt with output is counted apart; `timed` and
 * `streamed` count the latencies that count (sent attempts with a latency).
 */
const ARM_TALLY = `
SELECT arm, SUM(n)::int AS attempts, COUNT(*)::int AS cases, SUM(k)::int AS passed, SUM(f)::int AS failed, SUM(e)::int AS errors,
       SUM(s)::float8 AS "scoreSum", SUM(cost)::float8 AS "knownCostUsd", SUM(unknown)::int AS "unknownCost",
       SUM(tin)::float8 AS "inputTokens", SUM(tcached)::float8 AS "cachedInputTokens",
       SUM(jc)::int AS "judgeCalls", SUM(ju)::float8 AS "judgeCostUsd", SUM(jn)::int AS "judgeUnknownCost",
       SUM(overhead)::float8 AS "overheadSumMs", SUM(timedWall)::int AS "overheadCount",
       SUM(timed)::int AS timed, SUM(streamed)::int AS streamed, SUM(untallied)::int AS untallied,
       SUM(n * n)::float8 AS attempts2, SUM(k * k)::float8 AS passed2, SUM(k * n)::float8 AS "passedAttempts",
       SUM(s * s)::float8 AS score2, SUM(s * n)::float8 AS "scoreAttempts"
FROM (
  SELECT arm, case_id,
         COUNT(*) AS n,
         COUNT(*) FILTER (WHERE status = 'ok' AND pass IS TRUE) AS k,
         COUNT(*) FILTER (WHERE status = 'ok' AND pass IS FALSE) AS f,
         COUNT(*) FILTER (WHERE status = 'error') AS e,
         COALESCE(SUM(score), 0) AS s,
         COALESCE(SUM(cost_usd) FILTER (WHERE status = 'ok'), 0) AS cost,
         COUNT(*) FILTER (WHERE status = 'ok' AND cost_usd IS NULL) AS unknown,
         COALESCE(SUM(input_tokens), 0) AS tin, COALESCE(SUM(cached_tokens), 0) AS tcached,
         SUM(judge_calls) AS jc, SUM(judge_usd) AS ju, SUM(judge_unknown) AS jn,
         COALESCE(SUM(wall_ms - latency_ms), 0) AS overhead,
         COUNT(wall_ms - latency_ms) AS timedWall,
         COUNT(*) FILTER (WHERE NOT replayed AND latency_ms IS NOT NULL) AS timed,
         COUNT(*) FILTER (WHERE NOT replayed AND latency_ms IS NOT NULL AND ttft_ms IS NOT NULL) AS streamed,
         COUNT(*) FILTER (WHERE NOT tallied) AS untallied
  FROM attempts WHERE run_id = $1 GROUP BY arm, case_id
) per_case
GROUP BY arm`;

type TallyRow = Omit<ArmTally, "latencies" | "ttfts" | "caseSquares"> & ArmTally["caseSquares"] & { arm: string; timed: number; streamed: number; untallied: number };

/** An arm the plan names that has no attempt yet. */
const EMPTY: TallyRow = {
  arm: "", attempts: 0, cases: 0, passed: 0, failed: 0, errors: 0, scoreSum: 0, knownCostUsd: 0, unknownCost: 0, inputTokens: 0, cachedInputTokens: 0, judgeCalls: 0, judgeCostUsd: 0, judgeUnknownCost: 0,
  overheadSumMs: 0, overheadCount: 0, timed: 0, streamed: 0, untallied: 0, attempts2: 0, passed2: 0, passedAttempts: 0, score2: 0, scoreAttempts: 0,
};

/** The sent attempts with a latency, per arm in latency (or time-to-first-token) order: the partial indexes of migration 004. */
const TIMED = "FROM attempts WHERE run_id = $1 AND arm = $2 AND NOT replayed AND latency_ms IS NOT NULL";
const RANKED = {
  latency: { up: `SELECT latency_ms AS v ${TIMED} ORDER BY latency_ms ASC OFFSET $3 LIMIT 1`, down: `SELECT latency_ms AS v ${TIMED} ORDER BY latency_ms DESC OFFSET $3 LIMIT 1` },
  ttft: { up: `SELECT ttft_ms AS v ${TIMED} AND ttft_ms IS NOT NULL ORDER BY ttft_ms ASC OFFSET $3 LIMIT 1`, down: `SELECT ttft_ms AS v ${TIMED} AND ttft_ms IS NOT NULL ORDER BY ttft_ms DESC OFFSET $3 LIMIT 1` },
};

/** The columns of an attempt a summary aggregates (what migration 004 keeps beside its body). */
export function tallyColumns(a: Attempt): unknown[] {
  const f = attemptFigures(a);
  return [f.score, f.latencyMs, f.ttftMs, f.wallMs, f.judgeUsd, f.judgeCalls, f.judgeUnknownCost, f.inputTokens, f.cachedInputTokens];
}

/**
 * A run's arm summaries, aggregated by the server: one pass for the counts and case squares,
 * and per percentile the one or two values at its ranks, read from the nearer end of the
 * arm's index in latency order. stats' summarizeTally asks for the ranks it reads; it runs
 * once to learn them and once on the values. A run holding an attempt written before
 * migration 004 is tallied from the attempts' bodies instead.
 */
export async function tallyRun(c: pg.PoolClient, run: Run): Promise<ArmSummary[]> {
  const rows = (await c.query<TallyRow>(ARM_TALLY, [run.id])).rows;
  if (rows.some((r) => r.untallied > 0)) return tallyBodies(c, run);
  const byArm = new Map(rows.map((r) => [r.arm, r]));
  const out: ArmSummary[] = [];
  for (const arm of armsInOrder(run.arms.map((a) => a.arm), byArm.keys())) {
    const { arm: _arm, timed, streamed, untallied: _u, attempts2, passed2, passedAttempts, score2, scoreAttempts, ...counts } = byArm.get(arm) ?? EMPTY;
    const tally = (latencies: SortedValues, ttfts: SortedValues) =>
      summarizeTally(arm, { ...counts, caseSquares: { attempts2, passed2, passedAttempts, score2, scoreAttempts }, latencies, ttfts });
    const latencyRanks = new Set<number>();
    const ttftRanks = new Set<number>();
    tally(recorder(timed, latencyRanks), recorder(streamed, ttftRanks));
    const latencies = await valuesAt(c, run.id, arm, RANKED.latency, timed, latencyRanks);
    const ttfts = await valuesAt(c, run.id, arm, RANKED.ttft, streamed, ttftRanks);
    out.push(tally(latencies, ttfts));
  }
  return out;
}

/** A SortedValues of `length` values that only notes the ranks read. */
function recorder(length: number, ranks: Set<number>): SortedValues {
  return { length, at: (rank) => (ranks.add(rank), 0) };
}

async function valuesAt(c: pg.PoolClient, runId: string, arm: string, sql: { up: string; down: string }, length: number, ranks: ReadonlySet<number>): Promise<SortedValues> {
  const values = new Map<number, number>();
  for (const rank of ranks) {
    const fromTop = rank >= length / 2;
    const row = (await c.query<{ v: number }>(fromTop ? sql.down : sql.up, [runId, arm, fromTop ? length - 1 - rank : rank])).rows[0];
    if (row) values.set(rank, row.v);
  }
  return { length, at: (rank) => values.get(rank) };
}

/** Each attempt's figures from its body through stats' one summary (a run with attempts written before migration 004). */
async function tallyBodies(c: pg.PoolClient, run: Run): Promise<ArmSummary[]> {
  const byArm = new Map<string, AttemptFigures[]>();
  for (const r of (await c.query<{ arm: string; body: string }>("SELECT arm, body FROM attempts WHERE run_id = $1", [run.id])).rows) {
    let list = byArm.get(r.arm);
    if (!list) byArm.set(r.arm, (list = []));
    list.push(attemptFigures(JSON.parse(r.body) as Attempt));
  }
  return summarizeFigures(run.arms.map((a) => a.arm), byArm);
}
