import type Database from "better-sqlite3";
import { EvalgateError } from "../../core/index.js";
import { BlobTable } from "./blobs.js";
import { PayloadCodec } from "./payload-codec.js";
import { RunSummaries } from "./run-summary.js";

/**
 * Numbered migrations (STYLE.md habit 6), embedded so dist/ needs no .sql files beside it.
 * Rule: never edit a shipped migration; add the next number. `PRAGMA user_version` holds
 * the number of the last one applied. See docs/design/store.md for why each table exists.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Runs after the SQL, in the same transaction: work SQL alone cannot do. */
  after?: (db: Database.Database) => void;
}

const INIT = `
CREATE TABLE blobs (
  hash TEXT PRIMARY KEY,
  encoding TEXT NOT NULL CHECK (encoding IN ('json', 'deflate')),
  size INTEGER NOT NULL,
  data BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE suites (
  hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  source_blob TEXT NOT NULL REFERENCES blobs(hash),
  created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  suite TEXT NOT NULL,
  suite_hash TEXT NOT NULL REFERENCES suites(hash),
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  git_commit TEXT,
  git_dirty INTEGER,
  evalgate_version TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  simulated INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX runs_by_start ON runs (started_at, id);
CREATE INDEX runs_by_suite ON runs (suite, started_at, id);

CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;
CREATE INDEX run_tags_by_tag ON run_tags (tag, run_id);

CREATE TABLE arms (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  arm TEXT NOT NULL,
  position INTEGER NOT NULL,
  prompt_id TEXT NOT NULL,
  target_id TEXT NOT NULL,
  api TEXT NOT NULL,
  model TEXT NOT NULL,
  params_json TEXT NOT NULL,
  warnings_json TEXT NOT NULL,
  simulated INTEGER NOT NULL,
  PRIMARY KEY (run_id, arm)
) WITHOUT ROWID;

CREATE TABLE cases (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  case_id TEXT NOT NULL,
  position INTEGER NOT NULL,
  vars_blob TEXT NOT NULL REFERENCES blobs(hash),
  vars_hash TEXT NOT NULL,
  tags_json TEXT NOT NULL,
  PRIMARY KEY (run_id, case_id)
) WITHOUT ROWID;

CREATE TABLE case_tags (
  run_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  case_id TEXT NOT NULL,
  PRIMARY KEY (run_id, tag, case_id),
  FOREIGN KEY (run_id, case_id) REFERENCES cases(run_id, case_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE attempts (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  case_id TEXT NOT NULL,
  arm TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  pass INTEGER,
  score REAL,
  tries INTEGER NOT NULL,
  cost_usd REAL,
  input_usd REAL,
  output_usd REAL,
  latency_ms REAL,
  text TEXT,
  output_json TEXT,
  error_kind TEXT,
  error_json TEXT,
  request_blob TEXT REFERENCES blobs(hash),
  response_blob TEXT REFERENCES blobs(hash),
  started_at TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  replayed INTEGER NOT NULL,
  simulated INTEGER NOT NULL,
  PRIMARY KEY (run_id, case_id, arm, repeat)
);
CREATE INDEX attempts_by_arm ON attempts (run_id, arm, case_id, repeat);
CREATE INDEX attempts_by_outcome ON attempts (run_id, status, pass);

CREATE TABLE scores (
  run_id TEXT NOT NULL,
  case_id TEXT NOT NULL,
  arm TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  position INTEGER NOT NULL,
  grader TEXT NOT NULL,
  type TEXT NOT NULL,
  value REAL,
  pass INTEGER NOT NULL,
  reason TEXT NOT NULL,
  weight REAL NOT NULL,
  judge_cost_json TEXT,
  PRIMARY KEY (run_id, case_id, arm, repeat, position),
  FOREIGN KEY (run_id, case_id, arm, repeat) REFERENCES attempts(run_id, case_id, arm, repeat) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX scores_by_grader ON scores (run_id, grader, pass);

CREATE TABLE comparisons (
  id TEXT PRIMARY KEY,
  baseline_run_id TEXT NOT NULL,
  candidate_run_id TEXT NOT NULL,
  baseline_arm TEXT NOT NULL,
  candidate_arm TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  body_blob TEXT NOT NULL REFERENCES blobs(hash)
) WITHOUT ROWID;
CREATE INDEX comparisons_by_baseline ON comparisons (baseline_run_id, created_at);
CREATE INDEX comparisons_by_candidate ON comparisons (candidate_run_id, created_at);

CREATE TABLE response_cache (
  key TEXT PRIMARY KEY,
  response_blob TEXT NOT NULL REFERENCES blobs(hash),
  created_at TEXT NOT NULL
) WITHOUT ROWID;
`;

/**
 * Per-arm summaries of a run, stored when the run finishes so the runs list reads a few rows
 * instead of re-aggregating every attempt. A run's rows exist only while they are true: any
 * insert, update or delete of one of its attempts deletes them (the triggers), and the store
 * aggregates live until the run finishes again. Existing runs are summarized here once.
 */
const ARM_SUMMARIES = `
CREATE TABLE arm_summaries (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  arm TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  passed INTEGER NOT NULL,
  failed INTEGER NOT NULL,
  mean_score REAL,
  cost_usd REAL,
  unknown_cost INTEGER NOT NULL,
  p95_latency_ms REAL,
  PRIMARY KEY (run_id, arm)
) WITHOUT ROWID;

CREATE TRIGGER attempts_insert_unsummarizes AFTER INSERT ON attempts
BEGIN DELETE FROM arm_summaries WHERE run_id = NEW.run_id; END;
CREATE TRIGGER attempts_update_unsummarizes AFTER UPDATE ON attempts
BEGIN DELETE FROM arm_summaries WHERE run_id = OLD.run_id OR run_id = NEW.run_id; END;
CREATE TRIGGER attempts_delete_unsummarizes AFTER DELETE ON attempts
BEGIN DELETE FROM arm_summaries WHERE run_id = OLD.run_id; END;

WITH lat AS (
  SELECT run_id, arm, latency_ms,
         ROW_NUMBER() OVER (PARTITION BY run_id, arm ORDER BY latency_ms) AS rn,
         COUNT(*) OVER (PARTITION BY run_id, arm) AS n
  FROM attempts WHERE latency_ms IS NOT NULL AND replayed = 0
), p95 AS (
  SELECT run_id, arm, latency_ms FROM lat WHERE rn = (95 * n + 99) / 100
), agg AS (
  SELECT run_id, arm, COUNT(*) AS attempts, SUM(status = 'error') AS errors,
         SUM(status = 'ok' AND pass = 1) AS passed, SUM(status = 'ok' AND pass = 0) AS failed,
         AVG(score) AS mean_score, SUM(cost_usd) AS cost_usd, SUM(status = 'ok' AND cost_usd IS NULL) AS unknown_cost
  FROM attempts GROUP BY run_id, arm
)
INSERT INTO arm_summaries (run_id, arm, attempts, errors, passed, failed, mean_score, cost_usd, unknown_cost, p95_latency_ms)
SELECT agg.run_id, agg.arm, agg.attempts, agg.errors, agg.passed, agg.failed, agg.mean_score, agg.cost_usd, agg.unknown_cost, p95.latency_ms
FROM agg LEFT JOIN p95 ON p95.run_id = agg.run_id AND p95.arm = agg.arm;
`;

/** Judge spend per run (the runs list): only the scores a judge graded, found without scanning the rest. */
const JUDGED_SCORES = `
CREATE INDEX scores_judged ON scores (run_id) WHERE judge_cost_json IS NOT NULL;
`;

/**
 * Version 4 (the one arm summary, docs/design/store.md): time to first token gets a column
 * (the summary's TTFT p50 reads it without parsing outputs); run plans get their own table
 * (they were response-cache entries under `run-plan:<id>`); the per-arm summary rows of
 * version 2, which defined pass rate, mean score and p95 differently from the run's own
 * summary, give way to `run_summaries`, each a run's ArmSummary[] as stats/arm-summary
 * computes it. Finished runs are summarized once, by `after`.
 */
const ONE_SUMMARY = `
ALTER TABLE attempts ADD COLUMN ttft_ms REAL;
UPDATE attempts SET ttft_ms = json_extract(output_json, '$.latency.ttftMs') WHERE output_json IS NOT NULL;

CREATE TABLE run_plans (
  run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  plan_blob TEXT NOT NULL REFERENCES blobs(hash)
) WITHOUT ROWID;
INSERT OR IGNORE INTO run_plans (run_id, plan_blob)
  SELECT substr(key, 10), response_blob FROM response_cache
  WHERE substr(key, 1, 9) = 'run-plan:' AND substr(key, 10) IN (SELECT id FROM runs);
DELETE FROM response_cache WHERE substr(key, 1, 9) = 'run-plan:';

DROP TRIGGER attempts_insert_unsummarizes;
DROP TRIGGER attempts_update_unsummarizes;
DROP TRIGGER attempts_delete_unsummarizes;
DROP TABLE arm_summaries;

CREATE TABLE run_summaries (
  run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  arms_json TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER attempts_insert_unsummarizes AFTER INSERT ON attempts
BEGIN DELETE FROM run_summaries WHERE run_id = NEW.run_id; END;
CREATE TRIGGER attempts_update_unsummarizes AFTER UPDATE ON attempts
BEGIN DELETE FROM run_summaries WHERE run_id = OLD.run_id OR run_id = NEW.run_id; END;
CREATE TRIGGER attempts_delete_unsummarizes AFTER DELETE ON attempts
BEGIN DELETE FROM run_summaries WHERE run_id = OLD.run_id; END;

-- The live tally of a run being written reads only this index: its counts and sums in one
-- pass, and each latency percentile as the value at its rank (sent attempts of an arm in
-- latency order), never the attempt rows.
CREATE INDEX attempts_tally ON attempts (run_id, arm, status, replayed, latency_ms, ttft_ms, pass, score, cost_usd);
`;

/**
 * Version 5 (the verdict's evidence, docs/design/store.md): a case's `group:` (the paired
 * test clusters by it); the looks of the group-sequential design, one row per (look key,
 * candidate run), numbered in the order they were made; the wall latency of simulated
 * attempts beside their modelled latency; stored run summaries recomputed (pass-rate
 * intervals are now clustered by case, and the harness's overhead is summarized).
 */
const LOOKS = `
ALTER TABLE cases ADD COLUMN group_id TEXT;

CREATE TABLE looks (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  look_key TEXT NOT NULL,
  candidate_run_id TEXT NOT NULL,
  comparison_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (look_key, candidate_run_id)
);

-- Per-case tallies for the clustered pass-rate and mean-score intervals, read from the index:
-- the (arm, case) order of attempts_by_arm, wide enough to cover the outcome of each attempt.
DROP INDEX attempts_by_arm;
CREATE INDEX attempts_by_arm ON attempts (run_id, arm, case_id, repeat, status, pass, score);

-- The observed wall latency of an attempt whose latency is the simulator's modelled one.
ALTER TABLE attempts ADD COLUMN wall_ms REAL;
UPDATE attempts SET wall_ms = json_extract(output_json, '$.latency.observed.totalMs') WHERE output_json IS NOT NULL;
CREATE INDEX attempts_wall ON attempts (run_id, arm, wall_ms, latency_ms) WHERE wall_ms IS NOT NULL;

-- Latency now counts timed-out attempts too (censored at the timeout): the live tally's
-- percentiles read the sent attempts with a latency in latency order, whatever their status.
CREATE INDEX attempts_latency ON attempts (run_id, arm, replayed, latency_ms) WHERE latency_ms IS NOT NULL;

DELETE FROM run_summaries;
`;

/** Version 6 (shards, docs/design/store.md): one row per shard of a run, as it ended. */
const SHARDS = `
CREATE TABLE run_shards (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  shard_index INTEGER NOT NULL,
  shard_count INTEGER NOT NULL,
  status TEXT NOT NULL,
  finished_at TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  seed INTEGER,
  PRIMARY KEY (run_id, shard_index)
) WITHOUT ROWID;
`;

/**
 * Version 7 (raw payloads in the row, docs/design/store.md "Raw payloads"): an attempt's raw
 * request and response, deflated against its arm's first payload, whose blob
 * `payload_dicts` names; `output_json` likewise holds a BLOB deflated against the arm's first
 * output (TEXT, as before, in rows stored before). Attempts stored before keep their raw
 * payloads in `request_blob`/`response_blob`.
 */
const RAW_PAYLOADS = `
ALTER TABLE attempts ADD COLUMN raw BLOB;

CREATE TABLE payload_dicts (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  arm TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('raw', 'output')),
  dict_blob TEXT NOT NULL REFERENCES blobs(hash),
  PRIMARY KEY (run_id, arm, kind)
) WITHOUT ROWID;
`;

/**
 * Version 8 (the cached-token share, docs/simulator.md "Usage"): each attempt's input and
 * cached input tokens as columns, so a summary sums them from attempts_tally, rebuilt to
 * cover them. Rows whose output is JSON text are filled here; rows whose output is a
 * deflated blob (007) by backfillTokens, after; summaries of finished runs are stored again.
 */
const INPUT_TOKENS = `
ALTER TABLE attempts ADD COLUMN input_tokens INTEGER;
ALTER TABLE attempts ADD COLUMN cached_tokens INTEGER;
UPDATE attempts SET input_tokens = json_extract(output_json, '$.usage.inputTokens'), cached_tokens = json_extract(output_json, '$.usage.cachedInputTokens')
WHERE typeof(output_json) = 'text';
DROP INDEX attempts_tally;
CREATE INDEX attempts_tally ON attempts (run_id, arm, status, replayed, latency_ms, ttft_ms, pass, score, cost_usd, input_tokens, cached_tokens);
`;

/**
 * Version 11 (traffic replay, docs/migration-guide.md): a case's weight (how often an
 * imported request was seen, NULL = 1) and whether an arm is a recorded one (its attempts
 * are production's logged replies, nothing was sent).
 */
const REPLAY = `
ALTER TABLE cases ADD COLUMN weight REAL;
ALTER TABLE arms ADD COLUMN recorded INTEGER NOT NULL DEFAULT 0;
`;

/** 008's tokens of the attempts whose output 007 deflated: each decoded against its arm's dictionary. */
function backfillTokens(db: Database.Database): void {
  const codec = new PayloadCodec(db, new BlobTable(db));
  const rows = db.prepare<[], { run_id: string; case_id: string; arm: string; repeat: number; output_json: Buffer }>(
    "SELECT run_id, case_id, arm, repeat, output_json FROM attempts WHERE typeof(output_json) = 'blob'",
  );
  const update = db.prepare("UPDATE attempts SET input_tokens = ?, cached_tokens = ? WHERE run_id = ? AND case_id = ? AND arm = ? AND repeat = ?");
  for (const r of rows.all()) {
    const usage = (JSON.parse(codec.decode(r.run_id, r.arm, "output", r.output_json)) as { usage?: { inputTokens?: number; cachedInputTokens?: number } | null }).usage;
    update.run(usage?.inputTokens ?? null, usage?.cachedInputTokens ?? null, r.run_id, r.case_id, r.arm, r.repeat);
  }
  db.exec("DELETE FROM run_summaries");
  new RunSummaries(db).storeFinished();
}

/**
 * Version 9 (images, docs/design/store.md "Images"): each image an attempt sent, once, by the
 * sha256 of its bytes; a stored raw request names it (`evalgate-image:sha256:<hex>`) instead
 * of carrying its base64 data URL. A rowid table: its rows may be megabytes.
 */
const IMAGES = `
CREATE TABLE images (
  sha256 TEXT PRIMARY KEY,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL
);
`;

/**
 * Version 10 (tool loops, docs/design/store.md "Tool loop steps"): each step of a tool-loop
 * attempt — its reply, tool calls, tool results, usage and latency (`body`, deflated
 * against the arm's output dictionary) and its wire request and response (`raw`, against
 * the arm's raw dictionary). The attempt's `output_json` keeps the trajectory's end and
 * reason with its steps left out; they are read back from here.
 */
const LOOP_STEPS = `
CREATE TABLE attempt_steps (
  run_id TEXT NOT NULL,
  case_id TEXT NOT NULL,
  arm TEXT NOT NULL,
  repeat INTEGER NOT NULL,
  step INTEGER NOT NULL,
  body BLOB NOT NULL,
  raw BLOB NOT NULL,
  PRIMARY KEY (run_id, case_id, arm, repeat, step),
  FOREIGN KEY (run_id, case_id, arm, repeat) REFERENCES attempts(run_id, case_id, arm, repeat) ON DELETE CASCADE
) WITHOUT ROWID;
`;

/**
 * Version 12 (batch runs, docs/design/store.md "Batch intents"): one row per chunk of a
 * `run --batch` — its input file, recorded before the batch is created, then the batch id —
 * so a killed run resumes polling and never submits a chunk twice.
 */
const BATCH_CHUNKS = `
CREATE TABLE batch_chunks (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  chunk TEXT NOT NULL,
  arm TEXT NOT NULL,
  file_id TEXT NOT NULL,
  batch_id TEXT,
  attempts_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, chunk)
) WITHOUT ROWID;
`;

/**
 * Version 13 (fewer pages per attempt, docs/design/performance.md): every attempt's commit
 * writes one page per b-tree it touches, so two indexes are folded into others that already
 * lead with the same columns. attempts_by_arm, in (arm, case) order, also covers what the
 * tally sums (it was attempts_tally's job); attempts_latency, in latency order, also carries
 * wall_ms for the harness's overhead (it was attempts_wall's, over a subset of its rows).
 */
const FEWER_INDEXES = `
DROP INDEX attempts_tally;
DROP INDEX attempts_wall;
DROP INDEX attempts_by_arm;
CREATE INDEX attempts_by_arm ON attempts (run_id, arm, case_id, repeat, status, pass, score, replayed, latency_ms, ttft_ms, cost_usd, input_tokens, cached_tokens);
DROP INDEX attempts_latency;
CREATE INDEX attempts_latency ON attempts (run_id, arm, replayed, latency_ms, wall_ms) WHERE latency_ms IS NOT NULL;
`;

/**
 * Version 14 (fewer pages per attempt, docs/design/store.md): each b-tree an attempt's
 * commit touches is at least one page written to the WAL, and more when its keys arrive out
 * of order and split leaves. scores_by_grader was 3.0 of 11.2 pages a commit
 * (src/store/sqlite/pages-per-attempt.test.ts): a grader filter finds an attempt's scores by
 * the scores' primary key, which leads with the attempt's key. attempts_by_outcome was 1.2:
 * the status filters read attempts_by_arm, which covers status and pass (slower for them at
 * 50,000 attempts, 2 → 7 ms; writes 19% faster).
 */
const FEWER_INDEXES_AGAIN = `
DROP INDEX IF EXISTS scores_by_grader;
DROP INDEX IF EXISTS attempts_by_outcome;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "001-init", sql: INIT },
  { version: 2, name: "002-arm-summaries", sql: ARM_SUMMARIES },
  { version: 3, name: "003-judged-scores", sql: JUDGED_SCORES },
  // 004 summarized finished runs, 005 again with its clustered intervals; 008 summarizes them
  // once more with the cached-token share, so their passes are left to it (its queries need
  // 005's indexes and 008's columns).
  { version: 4, name: "004-one-summary", sql: ONE_SUMMARY },
  { version: 5, name: "005-looks", sql: LOOKS },
  { version: 6, name: "006-shards", sql: SHARDS },
  { version: 7, name: "007-raw-payloads", sql: RAW_PAYLOADS },
  { version: 8, name: "008-input-tokens", sql: INPUT_TOKENS, after: backfillTokens },
  { version: 9, name: "009-images", sql: IMAGES },
  { version: 10, name: "010-loop-steps", sql: LOOP_STEPS },
  { version: 11, name: "011-replay", sql: REPLAY },
  { version: 12, name: "012-batch-chunks", sql: BATCH_CHUNKS },
  { version: 13, name: "013-fewer-indexes", sql: FEWER_INDEXES },
  { version: 14, name: "014-fewer-indexes-again", sql: FEWER_INDEXES_AGAIN },
];

export const LATEST_VERSION = MIGRATIONS.length;

export function userVersion(db: Database.Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Refuses a database written by a newer evalgate: its tables may mean something else. */
export function assertKnownVersion(db: Database.Database, path: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const version = userVersion(db);
  const latest = migrations.length;
  if (version > latest) {
    throw new EvalgateError("DATABASE_UNUSABLE", `${path} has schema version ${version}, newer than this evalgate knows (${latest})`, {
      hint: "upgrade evalgate, or point --db / EVALGATE_DB at another database",
    });
  }
  return version;
}

/**
 * Applies the pending migrations, each in its own IMMEDIATE transaction that re-reads the
 * version first, so two processes opening a new database at once migrate it once. A
 * failed migration rolls back and stops with its name and SQLite's reason.
 */
export function migrate(db: Database.Database, path: string, migrations: readonly Migration[] = MIGRATIONS): void {
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      if (assertKnownVersion(db, path, migrations) >= migration.version) return;
      db.exec(migration.sql);
      migration.after?.(db);
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      apply.immediate();
    } catch (error) {
      if (error instanceof EvalgateError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new EvalgateError("DATABASE_UNUSABLE", `migration ${migration.name} of ${path} failed: ${reason}`, {
        hint: "the database was left at the previous version; restore a backup or use another --db",
        cause: error,
      });
    }
  }
}
