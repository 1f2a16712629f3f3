import { createHash } from "node:crypto";
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
  /** The blob whose bytes are the preset dictionary `data` was deflated with (migration 007). */
  dict: string | null;
}

/** A family's dictionary: the first payload of its kind that this connection wrote. */
interface Dictionary {
  hash: string;
  bytes: Buffer;
}

/** Dictionaries kept for reading: each is one payload, so a few dozen cover any page of attempts. */
const DICTIONARIES_KEPT = 64;

/** Header and field names whose values are credentials, and the secret shapes scrubSecretText masks, as they appear in JSON text. */
const MAY_HOLD_SECRET = /Bearer|sk-|"(authorization|proxy-authorization|x-api-key|api[-_]?key|openai[-_]api[-_]key)":/i;

/**
 * Content-addressed JSON payloads (raw requests and responses, suite sources, case vars,
 * comparisons, cached responses): written once per distinct content, referenced by hash.
 * Secrets are redacted before hashing, so the hash never depends on a credential either.
 */
export class BlobTable {
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement<[string], BlobRow>;

  private readonly writing = new Map<string, Dictionary>();
  private readonly reading = new Map<string, Buffer>();

  constructor(db: Database.Database) {
    this.insert = db.prepare("INSERT OR IGNORE INTO blobs (hash, encoding, size, data, dict) VALUES (?, ?, ?, ?, ?)");
    this.select = db.prepare<[string], BlobRow>("SELECT encoding, data, dict FROM blobs WHERE hash = ?");
  }

  /**
   * Stores a JSON value; returns its hash. `undefined` is stored as null. Payloads of one
   * `family` (an arm's raw requests, or its raw responses) are alike but for a few values,
   * so each is deflated with the family's first payload as a preset dictionary: a raw
   * response of ~3 KB takes ~100 bytes instead of ~350 (docs/design/store.md, migration 007).
   */
  put(value: unknown, family?: string): string {
    const text = family === undefined ? redactedStableJson(value ?? null) : payloadJson(value);
    const hash = family === undefined ? sha256(text) : payloadHash(text);
    const bytes = Buffer.from(text, "utf8");
    if (bytes.length >= COMPRESS_FROM_BYTES) {
      const dict = family === undefined ? undefined : this.writing.get(family);
      if (family !== undefined && !dict) this.writing.set(family, { hash, bytes });
      const deflated = dict ? deflateSync(bytes, { dictionary: dict.bytes }) : deflateSync(bytes);
      if (deflated.length < bytes.length) {
        this.insert.run(hash, "deflate", bytes.length, deflated, dict && dict.hash !== hash ? dict.hash : null);
        return hash;
      }
    }
    this.insert.run(hash, "json", bytes.length, bytes, null);
    return hash;
  }

  get(hash: string): unknown {
    const bytes = this.bytesOf(hash);
    return bytes === undefined ? undefined : (JSON.parse(bytes.toString("utf8")) as unknown);
  }

  private bytesOf(hash: string): Buffer | undefined {
    const row = this.select.get(hash);
    if (!row) return undefined;
    if (row.encoding === "json") return row.data;
    if (row.dict === null) return inflateSync(row.data);
    return inflateSync(row.data, { dictionary: this.dictionary(row.dict) });
  }

  /** A dictionary's bytes (itself never deflated with another), kept for the next payloads of its family. */
  private dictionary(hash: string): Buffer {
    let bytes = this.reading.get(hash);
    if (!bytes) {
      bytes = this.bytesOf(hash);
      if (bytes === undefined) throw new Error(`blob ${hash} names a dictionary that is not stored`);
      if (this.reading.size >= DICTIONARIES_KEPT) this.reading.delete(this.reading.keys().next().value as string);
      this.reading.set(hash, bytes);
    }
    return bytes;
  }
}

/**
 * A raw payload's key: 128 bits of its SHA-256 in base64url (22 characters, where the hex
 * digest takes 64 — twice in each attempt's row and again in the blob's). A run writes a
 * few payloads per attempt; 2^64 of them would be needed for even odds of a collision.
 */
function payloadHash(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

/**
 * The stored text of a raw payload: its JSON as built (a request body and a reply keep one
 * key order, so equal payloads still hash equally), with credentials masked. Only text that
 * may hold one takes the masking walk.
 */
function payloadJson(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return MAY_HOLD_SECRET.test(text) ? redactedStableJson(value ?? null) : text;
}
