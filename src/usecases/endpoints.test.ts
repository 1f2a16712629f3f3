import { describe, expect, it } from "vitest";
import type { GenerateRequest, Output } from "../core/index.js";
import { buildEndpoint, renderFor } from "../providers/index.js";
import { compileRedactions, createThrottles } from "../runner/index.js";
import { openStore, responseCacheKey } from "../store/index.js";
import type { SuiteJudge, SuiteTarget } from "../suite/index.js";
import { attemptCacheKey, buildJudges, endpointContext, redactingCache, type CallWiring } from "./endpoints.js";

const EMAIL = "\\b[\\w.+-]+@[\\w-]+\\.[\\w.]+\\b";
const judge = { id: "judge", provider: "openai", api: "responses", model: "gpt-4.1-mini", api_key_env: "OPENAI_API_KEY", params: {}, stream: false } as unknown as SuiteJudge;
const target = { id: "t", provider: "openai", api: "chat", model: "gpt-4.1-mini", api_key_env: "OPENAI_API_KEY", params: {}, stream: true } as unknown as SuiteTarget;
const req = (attempt: string): GenerateRequest => ({ api: "chat", model: "gpt-4.1-mini", messages: [{ role: "user", content: "Ticket 1" }], params: {}, attempt, stream: true });

async function wiring(overrides: Partial<CallWiring> & { env?: Record<string, string> } = {}): Promise<CallWiring> {
  const store = await openStore("memory:");
  const throttles = createThrottles(4);
  return {
    endpoints: endpointContext({ allOnSim: false, env: overrides.env ?? {}, offline: overrides.offline ?? false }, throttles),
    throttles,
    cache: redactingCache(store, compileRedactions([EMAIL])),
    mode: "off",
    offline: false,
    ...overrides,
  };
}

describe("one endpoint builder for targets and judges", () => {
  it("a judge needs no API key under --offline, as a target does not (it sends nothing)", async () => {
    const w = await wiring({ offline: true, mode: "off" });
    expect(buildJudges([judge], w, undefined).has("judge")).toBe(true);
    expect(() => buildEndpoint({ ...target, role: "target" }, w.endpoints)).not.toThrow();
  });

  it("asks a judge and a target for their key with the same words when they would call the endpoint", async () => {
    const w = await wiring();
    expect(() => buildJudges([judge], w, undefined)).toThrow("judge judge needs an API key in $OPENAI_API_KEY, which is not set");
    expect(() => buildEndpoint({ ...target, role: "target" }, w.endpoints)).toThrow("target t needs an API key in $OPENAI_API_KEY, which is not set");
  });

  it("gives a judge the endpoint's shared throttle hooks, as a target gets them", async () => {
    const seen: string[] = [];
    const throttles = createThrottles(4);
    const endpoints = { ...endpointContext({ allOnSim: false, env: { OPENAI_API_KEY: "sk-x" }, offline: false }, throttles) };
    const hooksFor = endpoints.hooksFor;
    endpoints.hooksFor = (url) => (seen.push(url), hooksFor!(url));
    const w = { ...(await wiring()), endpoints, throttles };
    buildJudges([{ ...judge, base_url: "http://127.0.0.1:9/v1" } as SuiteJudge], w, undefined);
    buildEndpoint({ ...target, base_url: "http://127.0.0.1:9/v1", role: "target" }, endpoints);
    expect(seen).toEqual(["http://127.0.0.1:9/v1", "http://127.0.0.1:9/v1"]);
  });
});

describe("one cache wiring", () => {
  it("masks the suite's redact patterns in what a judge call records, and `read` records misses as it does for arms", async () => {
    const store = await openStore("memory:");
    const w = { ...(await wiring({ env: { OPENAI_API_KEY: "sk-x" } })), cache: redactingCache(store, compileRedactions([EMAIL])), mode: "read" as const };
    const judges = buildJudges([{ ...judge, base_url: "http://127.0.0.1:9/v1" } as SuiteJudge], w, undefined);
    const real = judges.get("judge")!;
    // The judge's call itself is replaced: what matters is what the cache records of its reply.
    const reply = { text: "the reply mentions ann@example.com", json: null } as unknown as Output;
    let calls = 0;
    const { cachedJudge } = await import("../graders/index.js");
    const cached = cachedJudge({ ...real, generate: async () => (calls++, reply) }, w.cache, { read: true, write: true });
    await cached.generate(req("c/0"));
    await cached.generate(req("c/1"));
    expect(calls).toBe(1);
    const recorded = JSON.stringify(await store.cacheGet((await import("../graders/index.js")).judgeCacheKey(req("c/0"), "generate")));
    expect(recorded).toContain("[redacted]");
    expect(recorded).not.toContain("ann@example.com");
  });

  it("keys an attempt by the wire body its provider renders, the endpoint and the repeat", () => {
    const endpoint = { cacheIdentity: "https://api.openai.com/v1", render: (r: GenerateRequest) => renderFor({ provider: "openai" }, r) };
    expect(attemptCacheKey(endpoint, req("c/1"))).toBe(responseCacheKey({ endpoint: "https://api.openai.com/v1", body: renderFor({ provider: "openai" }, req("c/1")).body }, 1));
    expect(attemptCacheKey(endpoint, req("c/0"))).not.toBe(attemptCacheKey(endpoint, req("c/1")));
    expect(attemptCacheKey({ ...endpoint, cacheIdentity: "sim" }, req("c/0"))).not.toBe(attemptCacheKey(endpoint, req("c/0")));
  });
});
