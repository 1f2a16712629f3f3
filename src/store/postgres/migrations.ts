import type pg from "pg";
import { EvalgateError } from "../../core/index.js";

/**
 * The Postgres store's own numbered migrations (docs/design/store.md). Payloads are JSON
 * text, read back exactly as written (jsonb would reorder keys and refuse \u0000). Columns
 * a query filters or sorts on are their own; ids sort byte-wise (COLLATE "C"), as core's
 * compareIds orders them.
 */
const INIT = `
CREATE TABLE suites (hash TEXT PRIMARY KEY, name TEXT NOT NULL, source TEXT NOT NULL);

CREATE TABLE runs (
  id TEXT COLLATE "C" PRIMARY KEY,
  suite TEXT NOT NULL,
  started_at TEXT COLLATE "C" NOT NULL,
  status TEXT NOT NULL,
  finished_at TEXT,
  head TEXT NOT NULL
);
CREATE INDEX runs_by_start ON runs (started_at DESC, id DESC);
CREATE INDEX runs_by_suite ON runs (suite, started_at DESC, id DESC);

CREATE TABLE run_tags (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (run_id, tag)
);
CREATE INDEX run_tags_by_tag ON run_tags (tag, run_id);

CREATE TABLE arms (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  arm TEXT COLLATE "C" NOT NULL,
  position INTEGER NOT NULL,
  info TEXT NOT NULL,
  PRIMARY KEY (run_id, arm)
);

CREATE TABLE cases (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  case_id TEXT COLLATE "C" NOT NULL,
  position INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, case_id)
);
CREATE TABLE case_tags (
  run_id TEXT COLLATE "C" NOT NULL,
  tag TEXT NOT NULL,
  case_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (run_id, tag, case_id),
  FOREIGN KEY (run_id, case_id) REFERENCES cases (run_id, case_id) ON DELETE CASCADE
);

CREATE TABLE attempts (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  case_id TEXT COLLATE "C" NOT NULL,
  arm TEXT COLLATE "C" NOT NULL,
  repeat INTEGER NOT NULL,
  status TEXT NOT NULL,
  pass BOOLEAN,
  error_kind TEXT,
  replayed BOOLEAN NOT NULL,
  cost_usd DOUBLE PRECISION,
  search_id TEXT NOT NULL,
  search_text TEXT,
  search_error TEXT,
  body TEXT NOT NULL,
  raw TEXT,
  PRIMARY KEY (run_id, case_id, arm, repeat)
);
CREATE INDEX attempts_by_arm ON attempts (run_id, arm, case_id, repeat);

CREATE TABLE scores (
  run_id TEXT COLLATE "C" NOT NULL,
  case_id TEXT COLLATE "C" NOT NULL,
  arm TEXT COLLATE "C" NOT NULL,
  repeat INTEGER NOT NULL,
  grader TEXT NOT NULL,
  pass BOOLEAN NOT NULL,
  FOREIGN KEY (run_id, case_id, arm, repeat) REFERENCES attempts (run_id, case_id, arm, repeat) ON DELETE CASCADE
);
CREATE INDEX scores_by_attempt ON scores (run_id, case_id, arm, repeat);
CREATE INDEX scores_by_grader ON scores (run_id, grader, pass);

CREATE TABLE comparisons (
  id TEXT PRIMARY KEY,
  baseline_run_id TEXT NOT NULL,
  candidate_run_id TEXT NOT NULL,
  baseline_arm TEXT NOT NULL,
  candidate_arm TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT COLLATE "C" NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX comparisons_by_baseline ON comparisons (baseline_run_id, created_at);
CREATE INDEX comparisons_by_candidate ON comparisons (candidate_run_id, created_at);

CREATE TABLE run_plans (run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE, plan TEXT NOT NULL);
CREATE TABLE run_summaries (run_id TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE, arms TEXT NOT NULL);

CREATE TABLE looks (
  seq BIGSERIAL PRIMARY KEY,
  look_key TEXT NOT NULL,
  candidate_run_id TEXT NOT NULL,
  comparison_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (look_key, candidate_run_id)
);

CREATE TABLE response_cache (key TEXT PRIMARY KEY, response TEXT NOT NULL, created_at TEXT NOT NULL);
`;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Shards (docs/design/store.md): one row per shard of a run, as it ended. */
const SHARDS = `
CREATE TABLE run_shards (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  shard_index INTEGER NOT NULL,
  shard_count INTEGER NOT NULL,
  status TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  seed BIGINT,
  PRIMARY KEY (run_id, shard_index)
);
`;

/**
 * An attempt's summary figures (stats' AttemptFigures, ~150 bytes of JSON) beside its body,
 * so a live run's summary reads a small column instead of every attempt's body.
 */
const FIGURES = `
ALTER TABLE attempts ADD COLUMN figures TEXT;
CREATE INDEX attempts_figures ON attempts (run_id, arm) INCLUDE (figures);
`;

/**
 * The figures as columns of their own, so a live run's summary is aggregated by the server
 * (tally.ts) instead of parsed attempt by attempt: the figures 003 kept as JSON move into
 * them, and attempts_tally covers them (an index-only scan, not a read of every attempt's
 * body). `tallied` is false only for an attempt written before 003 (its figures are in its
 * body alone, and a run holding one is tallied from the bodies).
 */
const TALLY = `
ALTER TABLE attempts
  ADD COLUMN score DOUBLE PRECISION,
  ADD COLUMN latency_ms DOUBLE PRECISION,
  ADD COLUMN ttft_ms DOUBLE PRECISION,
  ADD COLUMN wall_ms DOUBLE PRECISION,
  ADD COLUMN judge_usd DOUBLE PRECISION NOT NULL DEFAULT 0,
  ADD COLUMN judge_calls INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN judge_unknown INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN tallied BOOLEAN NOT NULL DEFAULT false;
UPDATE attempts SET
  score = (figures::json ->> 'score')::double precision,
  latency_ms = (figures::json ->> 'latencyMs')::double precision,
  ttft_ms = (figures::json ->> 'ttftMs')::double precision,
  wall_ms = (figures::json ->> 'wallMs')::double precision,
  judge_usd = (figures::json ->> 'judgeUsd')::double precision,
  judge_calls = (figures::json ->> 'judgeCalls')::integer,
  judge_unknown = (figures::json ->> 'judgeUnknownCost')::integer,
  tallied = true
WHERE figures IS NOT NULL;
DROP INDEX attempts_figures;
ALTER TABLE attempts DROP COLUMN figures;
CREATE INDEX attempts_tally ON attempts (run_id, arm, case_id)
  INCLUDE (status, pass, score, cost_usd, replayed, latency_ms, ttft_ms, wall_ms, judge_usd, judge_calls, judge_unknown, tallied);
CREATE INDEX attempts_latency ON attempts (run_id, arm, latency_ms) WHERE NOT replayed AND latency_ms IS NOT NULL;
CREATE INDEX attempts_ttft ON attempts (run_id, arm, ttft_ms) WHERE NOT replayed AND latency_ms IS NOT NULL AND ttft_ms IS NOT NULL;
`;

/**
 * An attempt's input and cached input tokens (the cached-token share, docs/simulator.md
 * "Usage"), filled from the bodies, and attempts_tally rebuilt to cover them. Stored
 * summaries are dropped, to be tallied again with the share.
 */
const INPUT_TOKENS = `
ALTER TABLE attempts ADD COLUMN input_tokens BIGINT, ADD COLUMN cached_tokens BIGINT;
UPDATE attempts SET
  input_tokens = (body::json -> 'output' -> 'usage' ->> 'inputTokens')::bigint,
  cached_tokens = (body::json -> 'output' -> 'usage' ->> 'cachedInputTokens')::bigint
WHERE body::json -> 'output' -> 'usage' IS NOT NULL AND json_typeof(body::json -> 'output' -> 'usage') = 'object';
DROP INDEX attempts_tally;
CREATE INDEX attempts_tally ON attempts (run_id, arm, case_id)
  INCLUDE (status, pass, score, cost_usd, replayed, latency_ms, ttft_ms, wall_ms, judge_usd, judge_calls, judge_unknown, tallied, input_tokens, cached_tokens);
DELETE FROM run_summaries;
`;

/** 006 (images, docs/design/store.md "Images"): each image an attempt sent, once, by the sha256 of its bytes. */
const IMAGES = `
CREATE TABLE images (
  sha256 TEXT PRIMARY KEY,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BYTEA NOT NULL
);
`;

/**
 * 007 (tool loops, docs/design/store.md "Tool loop steps"), SQLite's 010: each step of a
 * tool-loop attempt, its body (reply, tool calls and results, usage, latency) and its raw
 * request and response as JSON text; the attempt's body keeps the trajectory without them.
 */
const LOOP_STEPS = `
CREATE TABLE attempt_steps (
  run_id TEXT COLLATE "C" NOT NULL,
  case_id TEXT COLLATE "C" NOT NULL,
  arm TEXT COLLATE "C" NOT NULL,
  repeat INTEGER NOT NULL,
  step INTEGER NOT NULL,
  body TEXT NOT NULL,
  raw TEXT NOT NULL,
  PRIMARY KEY (run_id, case_id, arm, repeat, step),
  FOREIGN KEY (run_id, case_id, arm, repeat) REFERENCES attempts (run_id, case_id, arm, repeat) ON DELETE CASCADE
);
`;

/** 008: batch runs' chunks (SQLite's 012): the input file before the batch is created, then the batch id. */
const BATCH_CHUNKS = `
CREATE TABLE batch_chunks (
  run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  chunk TEXT COLLATE "C" NOT NULL,
  arm TEXT NOT NULL,
  file_id TEXT NOT NULL,
  batch_id TEXT,
  attempts_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, chunk)
);
`;

export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "001-init", sql: INIT },
  { version: 2, name: "002-shards", sql: SHARDS },
  { version: 3, name: "003-figures", sql: FIGURES },
  { version: 4, name: "004-tally-columns", sql: TALLY },
  { version: 5, name: "005-input-tokens", sql: INPUT_TOKENS },
  { version: 6, name: "006-images", sql: IMAGES },
  { version: 7, name: "007-loop-steps", sql: LOOP_STEPS },
  { version: 8, name: "008-batch-chunks", sql: BATCH_CHUNKS },
];

/**
 * Applies the migrations not yet applied, each in its own transaction under an advisory
 * lock, so several processes opening one new database migrate it once. A database newer
 * than this evalgate is refused, never written.
 */
export async function migratePostgres(client: pg.PoolClient, location: string, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<void> {
  await client.query("SELECT pg_advisory_lock(hashtext('evalgate-migrations'))");
  try {
    await client.query("CREATE TABLE IF NOT EXISTS evalgate_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    const applied = new Set((await client.query<{ version: number }>("SELECT version FROM evalgate_migrations")).rows.map((r) => r.version));
    const newest = Math.max(0, ...applied);
    const latest = POSTGRES_MIGRATIONS.length;
    if (newest > latest) {
      throw new EvalgateError("DATABASE_UNUSABLE", `${location} was written by a newer evalgate (migration ${newest}; this one knows ${latest})`, {
        hint: "upgrade evalgate, or point --db at another database",
      });
    }
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      try {
        await client.query("BEGIN");
        await client.query(m.sql);
        await client.query("INSERT INTO evalgate_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new EvalgateError("DATABASE_UNUSABLE", `migration ${m.name} of ${location} failed: ${error instanceof Error ? error.message : String(error)}`, {
          hint: "the database was left at the previous migration; check the server's log",
          cause: error,
        });
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('evalgate-migrations'))");
  }
}
