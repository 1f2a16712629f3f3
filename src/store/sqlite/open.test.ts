import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { EvalgateError } from "../../core/index.js";
import { defaultStoreLocation, openStore, parseStoreLocation, storeExists } from "../open-store.js";
import { makeAttempt, makeCases, makeRun, makeSuite } from "../store-fixtures.js";
import { COMPRESS_FROM_BYTES } from "./blobs.js";
import { LATEST_VERSION, migrate, type Migration } from "./migrations.js";
import { configureConnection, openSqliteStore, WAL_CHECKPOINT_PAGES } from "./open.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-open-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `case-${++n}`, "nested", "evalgate.db");

function thrown(fn: () => unknown): EvalgateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EvalgateError) return e;
    throw e;
  }
  throw new Error("expected an EvalgateError");
}

describe("openSqliteStore", () => {
  it("creates the folder and opens in WAL mode with synchronous=NORMAL, checkpoints every 10,000 WAL pages, a busy timeout, foreign keys and the latest schema", async () => {
    const path = freshPath();
    openSqliteStore(path, { busyTimeoutMs: 2500 }).close();
    const db = new Database(path);
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.pragma("user_version", { simple: true })).toBe(LATEST_VERSION);
    } finally {
      db.close();
    }
    const conn = new Database(path);
    try {
      configureConnection(conn, false, 2500);
      expect(conn.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
      expect(conn.pragma("busy_timeout", { simple: true })).toBe(2500);
      expect(conn.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(conn.pragma("wal_autocheckpoint", { simple: true })).toBe(WAL_CHECKPOINT_PAGES);
    } finally {
      conn.close();
    }
  });

  it("recording an attempt of a run the database does not hold is an error, not an orphan row", async () => {
    const store = openSqliteStore(freshPath());
    await expect(store.recordAttempt(makeAttempt({ caseId: "c", runId: "run_missing" }))).rejects.toThrow(/names run run_missing, which .* does not hold/);
    expect((await store.listAttempts("run_missing", { limit: 1, offset: 0 })).total).toBe(0);
    await store.close();
  });

  it("refuses a database whose schema is newer than it knows, naming both versions", async () => {
    const path = freshPath();
    openSqliteStore(path).close();
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.close();
    const error = thrown(() => openSqliteStore(path));
    expect(error.code).toBe("DATABASE_UNUSABLE");
    expect(error.message).toContain(`schema version ${LATEST_VERSION + 1}, newer than this evalgate knows (${LATEST_VERSION})`);
    expect(error.hint).toMatch(/upgrade evalgate/);
  });

  it("stops on a failed migration with its name and reason, leaving the previous version in place", async () => {
    const path = freshPath();
    mkdirSync(join(path, ".."), { recursive: true });
    const db = new Database(path);
    const migrations: Migration[] = [
      { version: 1, name: "001-ok", sql: "CREATE TABLE a (x INTEGER);" },
      { version: 2, name: "002-broken", sql: "CREATE TABLE b (y INTEGER); ALTER TABLE missing ADD COLUMN z;" },
    ];
    try {
      const error = thrown(() => migrate(db, path, migrations));
      expect(error.code).toBe("DATABASE_UNUSABLE");
      expect(error.message).toMatch(/migration 002-broken of .* failed: no such table: missing/);
      expect(db.pragma("user_version", { simple: true })).toBe(1);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
      migrate(db, path, migrations.slice(0, 1));
      expect(db.pragma("user_version", { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it("reports an unopenable path or a file that is not a database as DATABASE_UNUSABLE with the path", async () => {
    const notADb = join(dir, "garbage.db");
    writeFileSync(notADb, "this is not a database, just text that is long enough to have a header".repeat(20));
    const blockedParent = join(dir, "a-file");
    writeFileSync(blockedParent, "x");
    for (const path of [notADb, join(blockedParent, "evalgate.db"), join(dir, "missing-for-readonly.db")]) {
      const error = thrown(() => openSqliteStore(path, { readonly: path.includes("missing") }));
      expect(error.code).toBe("DATABASE_UNUSABLE");
      expect(error.message).toContain(path);
    }
  });

  it("a read-only store reads what a writer commits meanwhile and refuses to write", async () => {
    const path = freshPath();
    const writer = openSqliteStore(path);
    const run = makeRun();
    await writer.createRun(run, makeSuite(), makeCases(3));
    const reader = openSqliteStore(path, { readonly: true });
    try {
      await writer.recordAttempt(makeAttempt({ caseId: "case-000" }));
      expect((await reader.listAttempts(run.id, { limit: 5, offset: 0 })).total).toBe(1);
      await writer.recordAttempt(makeAttempt({ caseId: "case-001" }));
      expect((await reader.listAttempts(run.id, { limit: 5, offset: 0 })).total).toBe(2);
      await expect(reader.finishRun(run.id, "completed", "2026-11-25T10:10:00.000Z")).rejects.toThrow(/read-only/);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it("stores an identical payload once and deflates large ones", async () => {
    const path = freshPath();
    const store = openSqliteStore(path);
    const big = { choices: [{ message: { content: "the same long answer ".repeat(500) } }] };
    await store.cachePut("key-1", big);
    await store.cachePut("key-2", big);
    expect(await store.cacheGet("key-2")).toEqual(big);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const blobs = db.prepare("SELECT encoding, size, length(data) AS stored FROM blobs WHERE size >= ?").all(COMPRESS_FROM_BYTES) as Array<{ encoding: string; size: number; stored: number }>;
      expect(blobs).toHaveLength(1);
      expect(blobs[0]?.encoding).toBe("deflate");
      expect(blobs[0]?.stored).toBeLessThan((blobs[0]?.size ?? 0) / 10);
      expect(db.prepare("SELECT COUNT(DISTINCT response_blob) AS n FROM response_cache").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});

describe("raw payloads in the attempt's row (migration 007)", () => {
  const chunk = (i: number, word: string) => ({ id: `chatcmpl-${1000 + i}`, object: "chat.completion.chunk", created: 1_800_000_000 + i, model: "gpt-4.1-mini", choices: [{ index: 0, delta: { content: word }, finish_reason: null, logprobs: null }] });
  const response = (i: number) => ({ events: ["Your", " order", ` ORD-${i}`, " ships", " today", "."].map((w) => chunk(i, w)) });
  const request = (i: number) => ({ model: "gpt-4.1-mini", stream: true, messages: [{ role: "system", content: "You route support tickets to a team." }, { role: "user", content: `Ticket ${i}: where is ORD-${i}? My key is sk-abcdefghijklmnop` }] });
  const caseId = (i: number) => `case-${String(i).padStart(3, "0")}`;
  async function record(store: ReturnType<typeof openSqliteStore>, from: number, to: number): Promise<void> {
    for (let i = from; i < to; i++) {
      const a = makeAttempt({ caseId: caseId(i) });
      if (a.output) a.output.raw = { request: request(i), response: response(i) };
      await store.recordAttempt(a);
    }
  }

  it("are deflated against the arm's first payload, kept once as its dictionary, read back exactly with secrets masked, by later connections too", async () => {
    const path = freshPath();
    const run = makeRun();
    const arm = run.arms[0]?.arm ?? "";
    let store = openSqliteStore(path);
    await store.createRun(run, makeSuite(), makeCases(20));
    await record(store, 0, 10);
    await store.close();
    // A second connection (a resumed run) reads the arm's stored dictionary and writes with it.
    store = openSqliteStore(path);
    await record(store, 10, 20);
    for (const i of [0, 7, 19]) {
      const back = await store.getAttempt(run.id, caseId(i), arm, 0);
      expect(back?.output?.raw.response).toEqual(response(i));
      expect(back?.output?.raw.request).toEqual(JSON.parse(JSON.stringify(request(i)).replace("sk-abcdefghijklmnop", "[redacted]")));
    }
    const page = await store.listAttempts(run.id, { limit: 5, offset: 0 });
    expect(page.attempts.every((a) => a.output?.raw.request === null && a.output.raw.response === null)).toBe(true);
    const written = makeAttempt({ caseId: caseId(3) }).output!;
    const { raw: _r, ...figures } = written;
    expect(page.attempts[3]?.output).toMatchObject(figures);
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      const rows = db.prepare("SELECT length(raw) AS stored, request_blob, response_blob FROM attempts ORDER BY case_id").all() as Array<{ stored: number; request_blob: string | null; response_blob: string | null }>;
      expect(rows).toHaveLength(20);
      const whole = JSON.stringify({ request: request(5), response: response(5) }).length;
      for (const r of rows) {
        expect(r.request_blob).toBeNull();
        expect(r.response_blob).toBeNull();
        // ~1.6 KB of JSON; against the dictionary only what differs is left.
        expect(r.stored).toBeLessThan(whole / 8);
      }
      expect(db.prepare("SELECT kind FROM payload_dicts ORDER BY kind").pluck().all()).toEqual(["output", "raw"]);
      // The normalized output too: a BLOB against the arm's first output, read back as the same figures.
      const outputs = db.prepare("SELECT typeof(output_json) AS type, length(output_json) AS stored FROM attempts").all() as Array<{ type: string; stored: number }>;
      for (const o of outputs) expect(o).toMatchObject({ type: "blob" });
      expect(Math.max(...outputs.map((o) => o.stored))).toBeLessThan(100);
    } finally {
      db.close();
    }
  });
});

describe("store locations", () => {
  it("the default is .evalgate/evalgate.db under the working directory unless EVALGATE_DB overrides it with a path or a URL", () => {
    expect(defaultStoreLocation({}, "/repo")).toBe(join("/repo", ".evalgate", "evalgate.db"));
    expect(defaultStoreLocation({ EVALGATE_DB: "ci/runs.db" }, "/repo")).toBe(join("/repo", "ci", "runs.db"));
    expect(defaultStoreLocation({ EVALGATE_DB: "/var/evalgate.db" }, "/repo")).toBe("/var/evalgate.db");
    expect(defaultStoreLocation({ EVALGATE_DB: "  " }, "/repo")).toBe(join("/repo", ".evalgate", "evalgate.db"));
    expect(defaultStoreLocation({ EVALGATE_DB: "memory:" }, "/repo")).toBe("memory:");
    expect(defaultStoreLocation({ EVALGATE_DB: "sqlite:ci/runs.db" }, "/repo")).toBe("sqlite:ci/runs.db");
  });

  it("a path or sqlite: is SQLite, postgres:// is Postgres, memory: is in memory, and any other scheme is refused with what is supported (a password never echoed)", async () => {
    expect(parseStoreLocation("runs.db")).toEqual({ kind: "sqlite", path: "runs.db" });
    expect(parseStoreLocation("sqlite:ci/runs.db")).toEqual({ kind: "sqlite", path: "ci/runs.db" });
    expect(parseStoreLocation("sqlite:///var/lib/e.db")).toEqual({ kind: "sqlite", path: "/var/lib/e.db" });
    expect(parseStoreLocation("memory:")).toEqual({ kind: "memory" });
    expect(parseStoreLocation("postgresql://ci:hunter2@db.internal/evalgate")).toEqual({ kind: "postgres", url: "postgresql://ci:hunter2@db.internal/evalgate" });
    const refused = thrown(() => parseStoreLocation("redis://ci:hunter2@cache.internal/0"));
    expect(refused.code).toBe("BAD_FLAG");
    expect(refused.message).toBe("evalgate cannot open a store at redis://ci:***@cache.internal/0: no store speaks redis:");
    expect(refused.hint).toMatch(/sqlite:PATH.*postgres:\/\/.*memory:/);
    expect(thrown(() => parseStoreLocation("sqlite:")).code).toBe("BAD_FLAG");
    const path = freshPath();
    expect(await storeExists(path)).toBe(false);
    await (await openStore(`sqlite:${path}`)).close();
    expect(await storeExists(path)).toBe(true);
    expect(await storeExists("memory:")).toBe(false);
  });
});
