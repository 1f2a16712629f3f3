import { deflateSync, inflateSync } from "node:zlib";
import type Database from "better-sqlite3";
import type { Output } from "../../core/index.js";
import { redactedRawJson } from "../redact-secrets.js";
import type { BlobTable } from "./blobs.js";

type RawCall = Output["raw"];

/** Dictionaries kept in memory; one serves every attempt of an arm. */
const DICTIONARIES_KEPT = 64;

/**
 * Deflate's settings for an attempt's payloads: a 16 KiB window (a streamed reply's raw events
 * and its dictionary fit), a small hash table and level 3. Against zlib's defaults (32 KiB,
 * memLevel 8, level 6) a ~9 KB streamed reply deflates in ~40% of the CPU to within ~4% of
 * the size (docs/design/performance.md). Inflate reads any window up to 32 KiB, so payloads
 * stored with the defaults read as before.
 */
const DEFLATE = { windowBits: 14, memLevel: 4, level: 3 } as const;

/** What an arm's dictionary serves: the attempts' raw payloads, or their normalized outputs. */
export type PayloadKind = "raw" | "output";

/**
 * An attempt's raw request and response, and its normalized output, stored in its own row
 * (migration 007, docs/design/store.md "Raw payloads"): JSON, deflated with a preset
 * dictionary — the first such text of the run's arm, kept once as a blob and named in
 * `payload_dicts`. An arm's payloads differ by a case's text, ids and the answer, so what
 * is left after the dictionary is ~50–100 bytes, where deflate alone leaves ~350 of a
 * streamed reply; and the row is written with the attempt, no b-tree insert of its own.
 */
export class PayloadCodec {
  private readonly dictionaries = new Map<string, Buffer>();
  // Prepared on first use: a store opened on a database older than 007 (read-only, to say so) must still open.
  private statements?: { select: Database.Statement<[string, string, string], { dict_blob: string }>; insert: Database.Statement };

  constructor(private readonly db: Database.Database, private readonly blobs: BlobTable) {}

  private get sql() {
    this.statements ??= {
      select: this.db.prepare<[string, string, string], { dict_blob: string }>("SELECT dict_blob FROM payload_dicts WHERE run_id = ? AND arm = ? AND kind = ?"),
      insert: this.db.prepare("INSERT OR IGNORE INTO payload_dicts (run_id, arm, kind, dict_blob) VALUES (?, ?, ?, ?)"),
    };
    return this.statements;
  }

  /** Call inside the attempt's transaction: the bytes for its `raw` column (the arm's dictionary made from it if it is the first). */
  encodeRaw(runId: string, arm: string, raw: RawCall): Buffer {
    return this.encode(runId, arm, "raw", redactedRawJson(raw));
  }

  decodeRaw(runId: string, arm: string, bytes: Buffer): RawCall {
    const value = JSON.parse(this.decode(runId, arm, "raw", bytes)) as Partial<RawCall>;
    return { request: value.request ?? null, response: value.response ?? null };
  }

  /** Call inside the attempt's transaction: JSON text deflated against the arm's dictionary of its kind. */
  encode(runId: string, arm: string, kind: PayloadKind, text: string): Buffer {
    return deflateSync(text, { ...DEFLATE, dictionary: this.dictionary(runId, arm, kind, text) });
  }

  decode(runId: string, arm: string, kind: PayloadKind, bytes: Buffer): string {
    return inflateSync(bytes, { dictionary: this.dictionary(runId, arm, kind, null) }).toString("utf8");
  }

  /** The arm's dictionary of a kind: cached, else stored, else (when writing) this text, stored now for every later one. */
  private dictionary(runId: string, arm: string, kind: PayloadKind, first: string | null): Buffer {
    const key = `${runId}\u0000${arm}\u0000${kind}`;
    let bytes = this.dictionaries.get(key);
    if (bytes) return bytes;
    const stored = this.sql.select.get(runId, arm, kind);
    if (stored) {
      bytes = this.blobs.bytesOf(stored.dict_blob);
      if (bytes === undefined) throw new Error(`the ${kind} dictionary of ${arm} in run ${runId} is missing (blob ${stored.dict_blob})`);
    } else {
      if (first === null) throw new Error(`no ${kind} dictionary for ${arm} in run ${runId}`);
      this.sql.insert.run(runId, arm, kind, this.blobs.putText(first));
      bytes = Buffer.from(first, "utf8");
    }
    if (this.dictionaries.size >= DICTIONARIES_KEPT) this.dictionaries.delete(this.dictionaries.keys().next().value as string);
    this.dictionaries.set(key, bytes);
    return bytes;
  }
}
