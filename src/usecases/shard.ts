import { createHash } from "node:crypto";
// core/errors.js, not core/index.js: `run --shard` parses its flag with this file before the run loads anything else.
import { EvalgateError } from "../core/errors.js";

/** `run --shard i/n` (docs/ci.md): shard i of n, 1-based. */
export interface Shard {
  index: number;
  count: number;
}

/** Shards a run may be split into: far more runners than any CI matrix offers. */
export const MAX_SHARDS = 256;

export function parseShard(flag: string): Shard {
  const m = /^(\d{1,4})\/(\d{1,4})$/.exec(flag.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || index < 1 || count < 1 || index > count || count > MAX_SHARDS) {
    throw new EvalgateError("BAD_FLAG", `--shard ${flag} is not a shard i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}`, { hint: "e.g. --shard 2/4: the second of four shards" });
  }
  return { index, count };
}

/**
 * The shard (1-based) a case belongs to among `count`: the first 4 bytes of sha256(case id)
 * mod count — deterministic, balanced, and the same for every arm and repeat of the case,
 * so its pairs stay together.
 */
export function shardOfCase(caseId: string, count: number): number {
  return (createHash("sha256").update(caseId).digest().readUInt32BE(0) % count) + 1;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/**
 * The run id every shard of one run shares: `--run-id ID`, or derived from the suite hash
 * and the CI's run id and attempt (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT) — never from the
 * commit alone, so a re-run of the CI job is a new run (and a new look), not a silent resume.
 */
export function shardRunId(suiteHash: string, env: NodeJS.ProcessEnv, explicit?: string): string {
  if (explicit !== undefined) {
    if (!RUN_ID.test(explicit)) throw new EvalgateError("BAD_FLAG", `--run-id ${JSON.stringify(explicit)} is not a run id`, { hint: "letters, digits, `_`, `.`, `:` and `-`, at most 100, starting with a letter or digit" });
    return explicit;
  }
  const ci = env.GITHUB_RUN_ID?.trim();
  if (!ci) {
    throw new EvalgateError("BAD_FLAG", "a shard needs the run id its shards share", {
      hint: "give every shard the same --run-id ID (in GitHub Actions it is derived from GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT)",
    });
  }
  const attempt = env.GITHUB_RUN_ATTEMPT?.trim() || "1";
  return `run_gh${ci}_${attempt}_${createHash("sha256").update(`${suiteHash}\u0000${ci}\u0000${attempt}`).digest("hex").slice(0, 8)}`;
}

/** A shard's share of a whole: 1/n of a budget (USD), or of a concurrency (at least 1). */
export function shareOf(value: number, shard: Shard): number {
  return value / shard.count;
}

export function concurrencyShare(concurrency: number, shard: Shard): number {
  return Math.max(1, Math.floor(concurrency / shard.count));
}

/** What a shard prints at start: its cases and its shares of the budget and the concurrency. */
export interface ShardPlan {
  shard: Shard;
  runId: string;
  cases: number;
  totalCases: number;
  concurrency: number;
  totalConcurrency: number;
  maxCost: number | null;
  totalMaxCost: number | null;
}
