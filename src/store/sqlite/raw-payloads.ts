import { deflateSync, inflateSync } from "node:zlib";
import type Database from "better-sqlite3";
import type { Output } from "../../core/index.js";
import { redactedStableJson } from "../redact-secrets.js";
import type { BlobTable } from "./blobs.js";

type RawCall = Output["raw"];

/** Header and field names whose values are credentials, and the secret shapes scrubSecretText masks, as they appear in JSON text. */
const MAY_HOLD_SECRET = /Bearer|sk-|"(authorization|proxy-authorization|x-api-key|api[-_]?key|openai[-_]api[-_]key)":/i;

/** Dictionaries kept in memory; one serves every attempt of an arm. */
const DICTIONARIES_KEPT = 64;

/**
 * An attempt's raw request and response, stored in its own row (migration 007,
 * docs/design/store.md "Raw payloads"): `{request, response}` as JSON, deflated with a preset
 * dictionary — the first such payload of the run's arm, kept once as a blob and named in
 * `payload_dicts`. An arm's payloads differ by a case's text, ids and the answer, so what
 * is left after the dictionary is ~50–100 bytes, where deflate alone leaves ~350 of a
 * streamed reply; and the row is written with the attempt, no b-tree insert of its own.
 */
export class RawPayloads {
  private readonly dictionaries = new Map<string, Buffer>();
  // Prepared on first use: a store opened on a database older than 007 (read-only, to say so) must still open.
  private statements?: { select: Database.Statement<[string, string], { dict_blob: string }>; insert: Database.Statement };

  constructor(private readonly db: Database.Database, private readonly blobs: BlobTable) {}

  private get sql() {
    this.statements ??= {
      select: this.db.prepare<[string, string], { dict_blob: string }>("SELECT dict_blob FROM payload_dicts WHERE run_id = ? AND arm = ?"),
      insert: this.db.prepare("INSERT OR IGNORE INTO payload_dicts (run_id, arm, dict_blob) VALUES (?, ?, ?)"),
    };
    return this.statements;
  }

  /** Call inside the attempt's transaction: the bytes for its `raw` column (the arm's dictionary made from it if it is the first). */
  encode(runId: string, arm: string, raw: RawCall): Buffer {
    const text = payloadJson(raw);
    return deflateSync(text, { dictionary: this.dictionary(runId, arm, text) });
  }

  decode(runId: string, arm: string, bytes: Buffer): RawCall {
    const dictionary = this.dictionary(runId, arm, null);
    const value = JSON.parse(inflateSync(bytes, { dictionary }).toString("utf8")) as Partial<RawCall>;
    return { request: value.request ?? null, response: value.response ?? null };
  }

  /** The arm's dictionary: cached, else stored, else (when writing) this payload, stored now for every later one. */
  private dictionary(runId: string, arm: string, first: string | null): Buffer {
    const key = `${runId}\u0000${arm}`;
    let bytes = this.dictionaries.get(key);
    if (bytes) return bytes;
    const stored = this.sql.select.get(runId, arm);
    if (stored) {
      bytes = this.blobs.bytesOf(stored.dict_blob);
      if (bytes === undefined) throw new Error(`the raw payload dictionary of ${arm} in run ${runId} is missing (blob ${stored.dict_blob})`);
    } else {
      if (first === null) throw new Error(`no raw payload dictionary for ${arm} in run ${runId}`);
      this.sql.insert.run(runId, arm, this.blobs.putText(first));
      bytes = Buffer.from(first, "utf8");
    }
    if (this.dictionaries.size >= DICTIONARIES_KEPT) this.dictionaries.delete(this.dictionaries.keys().next().value as string);
    this.dictionaries.set(key, bytes);
    return bytes;
  }
}

/**
 * The stored text of a raw payload: its JSON as built, with credentials masked. Only text
 * that may hold one takes the masking walk (which also sorts keys).
 */
function payloadJson(raw: RawCall): string {
  const value = { request: raw.request ?? null, response: raw.response ?? null };
  const text = JSON.stringify(value);
  return MAY_HOLD_SECRET.test(text) ? redactedStableJson(value) : text;
}
