import { describe, expect, it } from "vitest";
import { concurrencyShare, parseShard, shardOfCase, shardRunId, shareOf } from "./shard.js";

describe("shards", () => {
  it("parses i/n and refuses what is not a shard, exit 2", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "1/257", "2"]) expect(() => parseShard(bad)).toThrow(/is not a shard i\/n/);
  });

  it("puts every case in one shard, deterministically, and balances 10,000 ids within 5% across 4 shards", () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `case-${i}`);
    const counts = [0, 0, 0, 0];
    for (const id of ids) {
      const s = shardOfCase(id, 4);
      expect(s).toBe(shardOfCase(id, 4));
      counts[s - 1] = (counts[s - 1] ?? 0) + 1;
    }
    for (const c of counts) expect(Math.abs(c - 2500)).toBeLessThan(125);
  });

  it("derives the run id from the suite hash and the CI's run id and attempt, never the commit alone: a re-run is a new run", () => {
    const env = { GITHUB_RUN_ID: "987654", GITHUB_RUN_ATTEMPT: "1", GITHUB_SHA: "abc" };
    const first = shardRunId("hash-a", env);
    expect(first).toMatch(/^run_gh987654_1_[0-9a-f]{8}$/);
    expect(shardRunId("hash-a", env)).toBe(first);
    expect(shardRunId("hash-a", { ...env, GITHUB_RUN_ATTEMPT: "2" })).not.toBe(first);
    expect(shardRunId("hash-b", env)).not.toBe(first);
    expect(shardRunId("hash-a", env, "run_mine")).toBe("run_mine");
    expect(() => shardRunId("hash-a", { GITHUB_SHA: "abc" })).toThrow(/needs the run id its shards share/);
    expect(() => shardRunId("hash-a", {}, "no spaces")).toThrow(/is not a run id/);
  });

  it("gives each shard 1/n of the budget and of the concurrency (at least one)", () => {
    expect(shareOf(2, { index: 1, count: 4 })).toBe(0.5);
    expect(concurrencyShare(16, { index: 1, count: 3 })).toBe(5);
    expect(concurrencyShare(2, { index: 1, count: 4 })).toBe(1);
  });
});
