import { deflateSync, inflateSync } from "node:zlib";
import type Database from "better-sqlite3";
import { sha256 } from "../../core/index.js";
import { redactedStableJson } from "../redact-secrets.js";

/**
 * Payloads at least this long (UTF-8 bytes) are deflated when that makes them smaller. A raw
 * request or response (0.3–2 KB) deflates to about half: fewer b-tree pages and overflow
 * pages written per attempt, for the same CPU as writing them whole.
 */
export const COMPRESS_FROM_BYTES = 256;

interface BlobRow {
  encoding: "json" | "deflate";
  data: Buffer;
}

/**
 * Content-addressed JSON payloads (raw requests and responses, suite sources, case vars,
 * comparisons, cached responses): written once per distinct content, referenced by hash.
 * Secrets are redacted before hashing, so the hash never depends on a credential either.
 */
export class BlobTable {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement<[string], BlobRow>;

  constructor(db: Database.Database) {
    this.insert = db.prepare("INSERT OR IGNORE INTO blobs (hash, encoding, size, data) VALUES (?, ?, ?, ?)");
    this.select = db.prepare<[string], BlobRow>("SELECT encoding, data FROM blobs WHERE hash = ?");
  }

  /** Stores a JSON value; returns its hash. `undefined` is stored as null. */
  put(value: unknown): string {
    const text = redactedStableJson(value ?? null);
    const hash = sha256(text);
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length >= COMPRESS_FROM_BYTES) {
      const deflated = deflateSync(bytes);
      if (deflated.length < bytes.length) {
        this.insert.run(hash, "deflate", bytes.length, deflated);
        return hash;
      }
    }
    this.insert.run(hash, "json", bytes.length, bytes);
    return hash;
  }

  get(hash: string): unknown {
    const row = this.select.get(hash);
    if (!row) return undefined;
    const bytes = row.encoding === "deflate" ? inflateSync(row.data) : row.data;
    return JSON.parse(bytes.toString("utf8")) as unknown;
  }
}
