import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../open-store.js";
import { makeAttempt, makeCases, makeRun, makeScore, makeSuite } from "../store-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-pages-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pages each commit wrote to the WAL, read from its frame headers (page number; a commit frame names the database size). */
function pagesPerCommit(path: string): number[][] {
  const db = new Database(path, { readonly: true });
  const pageSize = db.pragma("page_size", { simple: true }) as number;
  db.close();
  const wal = readFileSync(`${path}-wal`);
  const commits: number[][] = [];
  let current: number[] = [];
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    current.push(wal.readUInt32BE(at));
    if (wal.readUInt32BE(at + 4) !== 0) {
      commits.push(current);
      current = [];
    }
  }
  return commits;
}

describe("an attempt's commit", () => {
  it("writes few pages: its row, its key and three indexes, its scores' rows, no index over scores or outcomes (migration 014)", async () => {
    const path = join(dir, "evalgate.db");
    const store = await openStore(path);
    const cases = makeCases(400);
    await store.createRun(makeRun(), makeSuite(), cases);
    // Two scores each; case ids in key order (case-000, case-001, …), so every b-tree's insert lands on its last leaf.
    for (const [i, c] of cases.entries()) {
      const attempt = makeAttempt({ caseId: c.id });
      attempt.scores.push(makeScore({ grader: "tone", type: "llm-rubric", value: i % 2, pass: i % 2 === 1 }));
      await store.recordAttempt(attempt);
    }
    const probe = new Database(path, { readonly: true });
    const indexes = (probe.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('scores', 'attempts')").all() as Array<{ name: string }>).map((r) => r.name);
    probe.close();
    const commits = pagesPerCommit(path).slice(-200);
    await store.close();
    expect(indexes.filter((name) => name === "scores_by_grader" || name === "attempts_by_outcome")).toEqual([]);
    expect(commits).toHaveLength(200);
    const mean = commits.reduce((sum, pages) => sum + pages.length, 0) / commits.length;
    // 11.2 pages a commit here on 013; 8.2 without scores_by_grader; 7.0 without attempts_by_outcome too.
    expect(mean).toBeLessThan(8);
    expect(mean).toBeGreaterThanOrEqual(5);
  });
});
