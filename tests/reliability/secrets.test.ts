/**
 * Secret scan: runs with OPENAI_API_KEY set to a unique marker — one against a simulator
 * that rejects that key — leave the marker in no file evalgate wrote (database, WAL,
 * reports, exports, the simulator's log) and in none of its output. `redact` patterns mask
 * the stored prompts and outputs.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnCli, startSuiteOnSim, tmp, type SimProcess } from "./harness.js";

const dir = tmp("secrets");
const marker = `sk-proj-EVALGATEMARKER${randomBytes(12).toString("hex")}`;
const env = { OPENAI_API_KEY: marker };
const sims: SimProcess[] = [];
afterAll(async () => Promise.all(sims.map((s) => s.stop())));

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function suiteOnSim(name: string, sim: string, extra = "", simArgs: string[] = []) {
  const spec = {
    dir,
    name,
    cases: 30,
    keyEnv: "OPENAI_API_KEY",
    targets: [{ id: "chat", api: "chat" as const }, { id: "resp", api: "responses" as const }],
    sim,
    extra,
  };
  const { sim: s, suite } = await startSuiteOnSim(spec, join(dir, `${name}-sim.jsonl`), simArgs);
  sims.push(s);
  return suite;
}

describe("secrets", () => {
  it("the API key reaches no file evalgate wrote and none of its output, even when the endpoint rejects it", async () => {
    const faults = "faults: { rate_limit: 0.1, server_error: 0.05, broken_stream: 0.05 }";
    const ok = await suiteOnSim("accepted", `{ seed: 1, answer: { team: "{{team}}" }, retry_after_ms: 5, models: { default: { ${faults} } } }`, 'redact: ["please route me"]');
    // The simulator is told to reject the key by a config file of the test's (not written by evalgate).
    const simConfig = join(dir, "reject.sim-config");
    writeFileSync(simConfig, JSON.stringify({ seed: 1, answer: { team: "{{team}}" }, reject_keys: [marker] }));
    const rejected = await suiteOnSim("rejected", `{ seed: 1, answer: { team: "{{team}}" } }`, "", ["--config", simConfig]);
    const db = join(dir, "e.db");
    const badDb = join(dir, "bad.db");
    const outputs: string[] = [];
    const run = async (args: string[]) => {
      const r = await spawnCli(args, env, dir).done;
      outputs.push(r.stdout, r.stderr);
      return r;
    };
    const good = await run(["run", ok, "--db", db, "--tag", "accepted", "--json", join(dir, "r.json"), "--junit", join(dir, "r.xml"), "--markdown", join(dir, "r.md"), "--cache", "write"]);
    expect(good.code, good.stderr).toBe(0);
    const bad = await run(["run", rejected, "--db", badDb]);
    expect(bad.code, bad.stderr).toBe(3); // every attempt errored: 401
    expect(bad.stderr).toContain("every attempt");
    expect((await run(["report", "latest", "--db", db, "--format", "html", "--out", join(dir, "report.html")])).code).toBe(0);
    expect((await run(["export", "latest", "--db", db, "--raw", "--out", join(dir, "export.json")])).code).toBe(0);
    expect((await run(["export", "latest", "--db", badDb, "--raw", "--out", join(dir, "bad-export.json")])).code).toBe(0);
    expect((await run(["export", "tag:none", "--db", db])).code).toBe(2);

    // The rejected run's attempts are stored as auth errors, with the endpoint's masked message.
    const badRun = JSON.parse(readFileSync(join(dir, "bad-export.json"), "utf8"));
    expect(badRun.attempts).toHaveLength(60);
    expect(badRun.attempts.every((a: { error: { kind: string } }) => a.error.kind === "auth")).toBe(true);

    const ours = (f: string) => !f.endsWith(".yaml") && !f.endsWith(".sim-config") && (!f.endsWith(".jsonl") || f.endsWith("-sim.jsonl"));
    const written = filesUnder(dir).filter(ours);
    expect(written.some((f) => f.endsWith("e.db"))).toBe(true);
    for (const file of written) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from("EVALGATEMARKER")), file).toBe(false);
      // Raw bytes cannot see inside deflated blobs: read every row with its blobs inflated too.
      if (file.endsWith(".db")) expect(databaseText(file).includes("EVALGATEMARKER"), file).toBe(false);
    }
    for (const text of outputs) expect(text).not.toContain("EVALGATEMARKER");
  }, 60_000);

  it("redact patterns mask stored prompts, outputs and cases", () => {
    // The accepted run above stored its prompts with `please route me` masked.
    const stored = ["e.db", "export.json", "r.json", "report.html"].map((f) => readFileSync(join(dir, f)));
    for (const bytes of stored) expect(bytes.includes(Buffer.from("please route me"))).toBe(false);
    const decoded = databaseText(join(dir, "e.db"));
    expect(decoded).toContain("[redacted]");
    expect(decoded).not.toContain("please route me");
    expect(readFileSync(join(dir, "export.json"), "utf8")).toContain("[redacted]");
  });
});

/** Every value of every table as text, deflated blobs inflated: what the database holds, not its page bytes. */
function databaseText(file: string): string {
  const conn = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const parts: string[] = [];
    for (const table of tables) {
      for (const row of conn.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
        for (const value of Object.values(row)) {
          if (Buffer.isBuffer(value)) parts.push((row.encoding === "deflate" ? inflateSync(value) : value).toString("utf8"));
          else parts.push(String(value));
        }
      }
    }
    return parts.join("\n");
  } finally {
    conn.close();
  }
}
