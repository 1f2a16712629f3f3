/**
 * A catastrophic user regex (`(a+)+$` on 40 a's and a `b`) used to block the event loop
 * forever: the run never ended and Ctrl-C was ignored. Matches now run in a sandbox with a
 * 1 s deadline: the grader fails with REGEX_TIMEOUT, the run goes on, signals still work.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sleep, spawnCli, storedAttempts, storedRuns } from "../reliability/harness.js";

const EVIL = `${"a".repeat(40)}b`;

function suite(dir: string, cases: number): string {
  const file = join(dir, "redos.yaml");
  const rows = Array.from({ length: cases }, (_, i) => `  - { id: c${i}, vars: { text: "${EVIL}" } }`).join("\n");
  writeFileSync(file, `name: redos
prompts:
  - { id: p, input: "Say it: {{text}}" }
targets:
  - { id: t, api: chat, model: gpt-4.1-mini, base_url: sim }
cases:
${rows}
graders:
  - { type: regex, pattern: "(a+)+$" }
  - { type: contains, value: "b" }
sim: { seed: 1, answer: "{{text}}", models: { default: { accuracy: 1, latency: { ttft_ms: 1 } } } }
`);
  return file;
}

function reasons(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare("SELECT reason FROM scores WHERE grader LIKE 'regex%' ORDER BY case_id").pluck().all() as string[];
  } finally {
    conn.close();
  }
}

describe("a catastrophic regex grader", () => {
  it("fails its attempts with REGEX_TIMEOUT and the run completes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evalgate-redos-"));
    const db = join(dir, "e.db");
    const r = await runCli(["run", suite(dir, 2), "--db", db], { timeoutMs: 60_000 });
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    const attempts = storedAttempts(db);
    expect(attempts.map((a) => [a.status, a.pass])).toEqual([["ok", 0], ["ok", 0]]);
    const found = reasons(db);
    expect(found).toHaveLength(2);
    for (const reason of found) expect(reason).toMatch(/^REGEX_TIMEOUT: \/\(a\+\)\+\$\/ took longer than 1 s on the output \(41 characters\)/);
    expect(storedRuns(db).map((x) => x.status)).toEqual(["completed"]);
  }, 90_000);

  it("leaves Ctrl-C working: the run stops with exit 130 and is marked interrupted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evalgate-redos-int-"));
    const db = join(dir, "e.db");
    const cli = spawnCli(["run", suite(dir, 60), "--db", db, "--concurrency", "1"], {});
    // Wait until the first attempt (and its 1 s match) is stored: the run is mid-way.
    for (let waited = 0; ; waited += 50) {
      if (waited > 45_000) throw new Error("no attempt was stored");
      await sleep(50);
      try {
        if (storedAttempts(db).length > 0) break;
      } catch {
        // the database is not created yet
      }
    }
    cli.child.kill("SIGINT");
    const r = await cli.done;
    expect(r.code, r.stderr).toBe(130);
    expect(storedRuns(db).map((x) => x.status)).toEqual(["interrupted"]);
    expect(storedAttempts(db).length).toBeLessThan(60);
  }, 90_000);
});
