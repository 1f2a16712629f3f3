import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { EvalgateError } from "../../core/index.js";
import type { Store } from "../store.js";
import { assertKnownVersion, LATEST_VERSION, migrate } from "./migrations.js";
import { asDatabaseError, SqliteStore } from "./sqlite-store.js";

export interface OpenSqliteOptions {
  /** Read without migrating or writing (the dashboard while a run writes). */
  readonly?: boolean;
  /** How long a writer waits for another's lock; 10 s by default. */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating the folder and the file) and migrates the database at `path`, in WAL mode
 * with synchronous=NORMAL: a committed attempt survives a killed process, and readers never
 * block the writer. Any failure is DATABASE_UNUSABLE naming the path and the reason.
 */
export function openSqliteStore(path: string, options: OpenSqliteOptions = {}): Store {
  const readonly = options.readonly === true;
  let db: Database.Database | undefined;
  try {
    if (readonly && !existsSync(path)) {
      throw new EvalgateError("DATABASE_UNUSABLE", `no database at ${path}`, {
        hint: "run `evalgate run <suite>` first, or point --db / EVALGATE_DB at an existing database",
      });
    }
    if (!readonly && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { readonly, fileMustExist: readonly });
    configureConnection(db, readonly, options.busyTimeoutMs ?? 10_000);
    if (readonly) assertMigrated(db, path);
    else migrate(db, path);
    return new SqliteStore(db, path, readonly);
  } catch (error) {
    db?.close();
    throw unusable(error, path);
  }
}

/**
 * WAL pages written before a commit checkpoints them into the database (SQLite's default is
 * 1,000). An attempt writes about a dozen pages, mostly the same hot b-tree pages again, and
 * the checkpoint runs inside the commit on the run's event loop: every ~10,000 pages (~40 MB
 * of WAL) copies each distinct page once instead of ten times, which took the checkpoint
 * share of recording an attempt from ~0.05 ms to nearly nothing.
 */
export const WAL_CHECKPOINT_PAGES = 10_000;

/** The per-connection settings every store connection gets. */
export function configureConnection(db: Database.Database, readonly: boolean, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  if (!readonly) {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
  }
  db.pragma("foreign_keys = ON");
  // Fail on the first statement when the file is not a database, not later mid-run.
  db.prepare("SELECT count(*) FROM sqlite_master").get();
}

function assertMigrated(db: Database.Database, path: string): void {
  const version = assertKnownVersion(db, path);
  if (version < LATEST_VERSION) {
    throw new EvalgateError("DATABASE_UNUSABLE", `${path} has schema version ${version}; this evalgate reads ${LATEST_VERSION}`, {
      hint: "open it once for writing (e.g. `evalgate runs`) to migrate it",
    });
  }
}

function unusable(error: unknown, path: string): unknown {
  if (error instanceof EvalgateError) return error;
  const mapped = asDatabaseError(error, `cannot open ${path}`);
  if (mapped instanceof EvalgateError) return mapped;
  const reason = error instanceof Error ? error.message : String(error);
  return new EvalgateError("DATABASE_UNUSABLE", `cannot open ${path}: ${reason}`, {
    hint: "check the path, its folder's permissions and free disk space",
    cause: error,
  });
}
