/**
 * What import masks never reaches a file evalgate writes: emails, card numbers and API keys
 * planted in the logs (scripts/make-traffic.js --plant-secrets) are absent from the dataset,
 * the suite, the reports and the SQLite database — its blobs and its deflated payloads
 * decoded (src/store/sqlite/payload-codec.ts) — and the import reports counts, never values.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { BlobTable } from "../../src/store/sqlite/blobs.js";
import { PayloadCodec } from "../../src/store/sqlite/payload-codec.js";
import { repoRoot, runCli } from "../helpers/cli.js";

const PLANTED = ["jane.doe@example.com", "4111 1111 1111 1111", "sk-proj-PLANTEDsecretKEY0123456789abcd"];

/** Every text the database holds: its file bytes, each blob decoded, each attempt's raw payload and output inflated. */
function databaseTexts(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const blobs = new BlobTable(db);
    const codec = new PayloadCodec(db, blobs);
    const texts: string[] = [];
    for (const { hash } of db.prepare("SELECT hash FROM blobs").all() as Array<{ hash: string }>) texts.push(blobs.bytesOf(hash)?.toString("utf8") ?? "");
    const rows = db.prepare("SELECT run_id, arm, raw, output_json FROM attempts").all() as Array<{ run_id: string; arm: string; raw: Buffer | null; output_json: Buffer | string | null }>;
    for (const r of rows) {
      if (r.raw) texts.push(JSON.stringify(codec.decodeRaw(r.run_id, r.arm, r.raw)));
      if (Buffer.isBuffer(r.output_json)) texts.push(codec.decode(r.run_id, r.arm, "output", r.output_json));
      else if (r.output_json) texts.push(r.output_json);
    }
    expect(rows.length).toBeGreaterThan(0);
    return texts;
  } finally {
    db.close();
  }
}

it("planted emails, card numbers and keys appear in no file evalgate writes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "evalgate-redact-"));
  const log = join(dir, "traffic.jsonl");
  const made = spawnSync(process.execPath, [join(repoRoot, "scripts/make-traffic.js"), "--lines", "400", "--out", log, "--plant-secrets"], { encoding: "utf8" });
  expect(made.status).toBe(0);
  const planted = readFileSync(log, "utf8");
  for (const secret of PLANTED) expect(planted).toContain(secret);

  const out = join(dir, "suite");
  const imported = await runCli(["import", log, "--out", out, "--name", "replay", "--redact", "ORD-1\\d{4}"]);
  expect(imported.code).toBe(0);
  const counts = /redacted: (.*)/.exec(imported.stdout)?.[1] ?? "";
  expect(counts).toMatch(/\d+ api_key/);
  expect(counts).toMatch(/\d+ email/);
  expect(counts).toMatch(/\d+ card/);
  expect(counts).toMatch(/\d+ --redact matches/);
  for (const secret of PLANTED) expect(imported.stdout).not.toContain(secret);

  const db = join(dir, "e.db");
  const run = await runCli(["run", join(out, "replay.yaml"), "--sim", "--db", db, "--json", join(dir, "r.json"), "--markdown", join(dir, "r.md"), "--junit", join(dir, "r.xml")], { timeoutMs: 120_000 });
  expect([0, 1, 4]).toContain(run.code);
  const exported = await runCli(["export", "latest", "--db", db, "--raw", "--out", join(dir, "run.json")]);
  expect(exported.code).toBe(0);

  const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(out).map((f) => join(out, f))].filter((f) => statSync(f).isFile() && f !== log);
  expect(files.map((f) => f.split("/").pop()).sort()).toEqual(expect.arrayContaining(["e.db", "r.json", "r.md", "r.xml", "replay.jsonl", "replay.yaml", "run.json"]));
  const texts = [...files.map((f) => readFileSync(f).toString("utf8")), ...databaseTexts(db), run.stdout, run.stderr];
  const dataset = readFileSync(join(out, "replay.jsonl"), "utf8");
  expect(dataset).toContain("[REDACTED:email]");
  expect(dataset).toContain("[REDACTED:card]");
  expect(dataset).toContain("[REDACTED:api_key]");
  for (const secret of PLANTED) for (const text of texts) expect(text.includes(secret), `${secret} in a written file`).toBe(false);
});
