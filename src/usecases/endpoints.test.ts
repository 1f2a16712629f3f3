import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { judgeCacheKey } from "../graders/index.js";
import type { GenerateRequest } from "../core/index.js";
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

  it("EVALGATE_TRANSPORT takes lean (or nothing) and sdk; any other value is refused with what it takes", async () => {
    for (const value of ["", "lean", "sdk", " sdk "]) {
      const w = await wiring({ env: { OPENAI_API_KEY: "sk-test", EVALGATE_TRANSPORT: value } });
      expect(() => buildEndpoint({ ...target, role: "target" }, w.endpoints), value).not.toThrow();
    }
    const w = await wiring({ env: { OPENAI_API_KEY: "sk-test", EVALGATE_TRANSPORT: "fetch" } });
    expect(() => buildEndpoint({ ...target, role: "target" }, w.endpoints)).toThrow('EVALGATE_TRANSPORT is "fetch": it takes lean or sdk');
  });
});

describe("one cache wiring", () => {
  it("a judge's calls go through the endpoint's shared throttle and the run's redacting cache, and `read` records misses as for arms", async () => {
    const endpoint = await fakeChatEndpoint("the reply mentions ann@example.com");
    try {
      const store = await openStore("memory:");
      const throttles = createThrottles(4);
      const w: CallWiring = {
        endpoints: endpointContext({ allOnSim: false, env: { OPENAI_API_KEY: "sk-x" }, offline: false }, throttles),
        throttles,
        cache: redactingCache(store, compileRedactions([EMAIL])),
        mode: "read",
        offline: false,
      };
      const built = buildJudges([{ ...judge, api: "chat", stream: false, base_url: endpoint.url, max_retries: 2 } as SuiteJudge], w, undefined).get("judge")!;
      const ask = (attempt: string) => ({ ...req(attempt), stream: false });
      const first = await built.generate(ask("c/0"));
      // The same request for another attempt is replayed: the endpoint sees no third request.
      const again = await built.generate(ask("c/1"));
      expect(endpoint.requests()).toBe(2); // the 429, then the answer
      expect(first.text).toBe("the reply mentions ann@example.com");
      expect(again.text).toBe("the reply mentions [redacted]");
      const recorded = JSON.stringify(await store.cacheGet(judgeCacheKey(ask("c/0"), "generate")));
      expect(recorded).toContain("[redacted]");
      expect(recorded).not.toContain("ann@example.com");
      // The judge's 429 slowed the endpoint's shared throttle, which a target on it would share.
      expect(throttles.report()).toMatchObject([{ endpoint: endpoint.url, rateLimits: 1 }]);
    } finally {
      await endpoint.close();
    }
  });

  it("keys an attempt by the wire body its provider renders, the endpoint and the repeat", () => {
    const endpoint = { cacheIdentity: "https://api.openai.com/v1", render: (r: GenerateRequest) => renderFor({ provider: "openai" }, r) };
    expect(attemptCacheKey(endpoint, req("c/1"))).toBe(responseCacheKey({ endpoint: "https://api.openai.com/v1", body: renderFor({ provider: "openai" }, req("c/1")).body }, 1));
    expect(attemptCacheKey(endpoint, req("c/0"))).not.toBe(attemptCacheKey(endpoint, req("c/1")));
    expect(attemptCacheKey({ ...endpoint, cacheIdentity: "sim" }, req("c/0"))).not.toBe(attemptCacheKey(endpoint, req("c/0")));
  });
});

/** A Chat Completions endpoint on a loopback port: a 429 first, then one fixed answer. */
async function fakeChatEndpoint(content: string): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      n++;
      if (n === 1) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "0" }).end(JSON.stringify({ error: { message: "slow down", type: "rate_limit_exceeded" } }));
        return;
      }
      const body = { id: `chatcmpl-${n}`, object: "chat.completion", created: 0, model: "gpt-4.1-mini", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }], usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } };
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1`, requests: () => n, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
