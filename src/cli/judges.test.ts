import { describe, expect, it } from "vitest";
import { cachedJudge, type JudgeCache, type JudgeProvider } from "../graders/index.js";
import { compileRedactions } from "../runner/index.js";
import type { SuiteJudge } from "../suite/index.js";
import { buildJudges, judgeCacheMode } from "./judges.js";
import { storeCache } from "./reliability.js";

function memoryCache(): JudgeCache & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return { entries, cacheGet: (k) => entries.get(k), cachePut: (k, v) => void entries.set(k, v) };
}

const EMAIL = "\\b[\\w.+-]+@[\\w-]+\\.[\\w.]+\\b";

describe("judge cache wiring", () => {
  it("masks the suite's redact patterns in what a judge call records", async () => {
    const store = memoryCache();
    const wiring = judgeCacheMode(storeCache(store, compileRedactions([EMAIL])), { cache: "write" });
    const judge = { generate: async () => ({ text: "the reply mentions ann@example.com" }) } as unknown as JudgeProvider;
    const cached = cachedJudge(judge, wiring!.store, wiring!);
    await cached.generate({ attempt: "c/0" } as never, new AbortController().signal);
    const stored = JSON.stringify([...store.entries.values()]);
    expect(stored).not.toContain("ann@example.com");
    expect(store.entries.size).toBe(1);
  });

  it("is off without --cache or --offline, and read-only, never calling, under --offline", () => {
    expect(judgeCacheMode(storeCache(memoryCache()), {})).toBeUndefined();
    expect(judgeCacheMode(storeCache(memoryCache()), { offline: true })).toMatchObject({ read: true, write: false, offline: true });
  });
});

describe("buildJudges", () => {
  const judge = { id: "judge", api: "responses", model: "gpt-4.1-mini", api_key_env: "OPENAI_API_KEY", params: {} } as unknown as SuiteJudge;

  it("needs no API key under --offline, since it sends nothing", () => {
    const cache = judgeCacheMode(storeCache(memoryCache()), { offline: true });
    expect(buildJudges([judge], { allOnSim: false, env: {}, cache }).has("judge")).toBe(true);
  });

  it("still asks for the key when it would call the endpoint", () => {
    expect(() => buildJudges([judge], { allOnSim: false, env: {} })).toThrow(/needs an API key in \$OPENAI_API_KEY/);
  });
});
