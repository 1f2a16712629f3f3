/** A run records the commit and dirty flag of the repository its suite lives in (read by git while the run starts). */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-run-git-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=evalgate", "-c", "user.email=evalgate@example.com", ...args], { cwd: dir, stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
const SUITE = [
  "name: git-run", 'prompts: [{ id: p, input: "{{q}}" }]', "targets: [{ id: t, api: chat, model: gpt-4.1-mini, base_url: sim }]",
  "cases: [{ id: c1, vars: { q: one } }]", 'graders: [{ type: contains, value: "x" }]', "",
].join("\n");

function storedRuns(db: string): Array<{ git_commit: string | null; git_dirty: number | null }> {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare("SELECT git_commit, git_dirty FROM runs ORDER BY started_at").all() as Array<{ git_commit: string | null; git_dirty: number | null }>;
  } finally {
    conn.close();
  }
}

describe("a run in a git repository", () => {
  it("records the suite's commit, clean, then dirty once a tracked file changes", async () => {
    git("init", "-q");
    writeFileSync(join(dir, "suite.yaml"), SUITE);
    git("add", "suite.yaml");
    git("commit", "-q", "-m", "suite");
    const head = git("rev-parse", "HEAD");
    const db = join(dir, "out", "runs.db");
    expect((await runCli(["run", join(dir, "suite.yaml"), "--db", db], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, "suite.yaml"), SUITE.replace("name: git-run", "name: git-run-edited"));
    expect((await runCli(["run", join(dir, "suite.yaml"), "--db", db], { cwd: dir })).code).toBe(0);
    expect(storedRuns(db)).toEqual([{ git_commit: head, git_dirty: 0 }, { git_commit: head, git_dirty: 1 }]);
  }, 60_000);
});
