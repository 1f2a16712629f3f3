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

export type BlobEncoding = "json" | "deflate";

interface BlobRow {
  encoding: BlobEncoding;
  data: Buffer;
}

/** A stored blob's UTF-8 JSON text, from its row's encoding and data. */
function blobBytes(encoding: BlobEncoding, data: Buffer): Buffer {
  return encoding === "deflate" ? inflateSync(data) : data;
}

/** A stored blob's JSON value, from its row's encoding and data. */
export function blobValue(encoding: BlobEncoding, data: Buffer): unknown {
  return JSON.parse(blobBytes(encoding, data).toString("utf8")) as unknown;
}

/**
 * Content-addressed JSON payloads (suite sources, case vars, comparisons, cached responses,
 * raw payloads of attempts stored before migration 007, and the dictionaries of those
 * after): written once per distinct content, referenced by hash. Secrets are redacted before
 * hashing, so the hash never depends on a credential either.
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
    return this.putText(redactedStableJson(value ?? null));
  }

  /** Stores JSON text as it is (already redacted); returns its hash. */
  putText(text: string): string {
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
    return row ? blobValue(row.encoding, row.data) : undefined;
  }

  /** The stored text's UTF-8 bytes, as `putText` was given them. */
  bytesOf(hash: string): Buffer | undefined {
    const row = this.select.get(hash);
    return row ? blobBytes(row.encoding, row.data) : undefined;
  }
}
