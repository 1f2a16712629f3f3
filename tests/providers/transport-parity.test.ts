import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerIndex, GenerateRequest, SimConfigInput } from "../../src/core/index.js";
import { createOpenAIProvider, prepareRequest, type GenerateResult } from "../../src/providers/index.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { SHAPES } from "./shapes.js";

/**
 * The lean transport (node:http and a hand-written SSE parser) against the SDK's own path:
 * every shape of the conformance matrix, through both APIs, streamed and not, over answers,
 * perturbations, refusals, tool calls and injected faults, normalizes to the same result
 * (latency aside), raw events and errors included; and it sends the SDK's own request.
 */
const TRANSPORTS = ["lean", "sdk"] as const;

const schema = { type: "object", properties: { team: { type: "string" }, order_id: { type: "string" } }, required: ["team", "order_id"], additionalProperties: false };
const KINDS = ["json", "text", "tool"] as const;
const index: AnswerIndex = {
  entries: Array.from({ length: 12 }, (_, i) => ({
    caseId: `c${i}`,
    keys: [`Ticket #${i}: order ORD-${i} is late`],
    answer: KINDS[i % 3] === "json" ? { team: i % 2 ? "billing" : "shipping", order_id: `ORD-${i}` }
      : KINDS[i % 3] === "tool" ? { tool: "lookup_order", arguments: { order_id: `ORD-${i}` } }
      : `Routed to team ${i % 4}, who will reply today.`,
  })),
};
const lookupTool = { name: "lookup_order", description: "Find an order.", parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"], additionalProperties: false }, strict: true };

/** Answers and perturbations for the placed cases; faults of every kind for the `gpt-4.1-nano` model. */
const config: SimConfigInput = {
  seed: 5,
  models: {
    "gpt-4.1-mini": { accuracy: 0.5 },
    "gpt-5-mini": { accuracy: 0.7, reasoning: true },
    "gpt-4.1-nano": { accuracy: 0.8, faults: { rate_limit: 0.2, server_error: 0.2, broken_stream: 0.25 } },
  },
};

function caseRequest(i: number, api: "chat" | "responses", stream: boolean, repeat: number, model: string): GenerateRequest {
  const kind = KINDS[i % 3];
  return prepareRequest({
    api, model, stream, attempt: `c${i}/${repeat}`,
    instructions: "You triage support tickets.",
    messages: [{ role: "user", content: `Ticket #${i}: order ORD-${i} is late` }],
    params: model.startsWith("gpt-5") ? { reasoning_effort: "low", max_output_tokens: 2000 } : { temperature: 0, max_output_tokens: 300 },
    ...(kind === "json" ? { output: { name: "triage", schema, strict: i % 2 === 0 } } : {}),
    ...(kind === "tool" ? { tools: [lookupTool] } : {}),
  }).request;
}

/** Every request of the matrix, in one fixed order. */
function matrix(): GenerateRequest[] {
  const out: GenerateRequest[] = [];
  for (const api of ["chat", "responses"] as const) {
    for (const stream of [true, false]) {
      for (const shape of SHAPES) out.push(prepareRequest(shape.make(api, stream)).request);
      for (const model of ["gpt-4.1-mini", "gpt-5-mini", "gpt-4.1-nano"]) {
        for (let i = 0; i < 12; i++) for (const repeat of [0, 1]) out.push(caseRequest(i, api, stream, repeat, model));
      }
    }
  }
  return out;
}

/**
 * The result without what only a clock decides. A connection that broke mid-stream is
 * described by each path's own socket layer (undici says "terminated"), so its message is
 * compared up to the cause.
 */
function comparable(r: GenerateResult): unknown {
  if (!r.ok) {
    const cut = r.error.kind === "stream_ended_early" && r.error.message.startsWith("stream ended early: ") && !r.error.message.includes("no ");
    return cut ? { ...r, error: { ...r.error, message: "stream ended early: (connection cut)" } } : r;
  }
  const { latency, raw, ...rest } = r.output;
  // The SDK adds `output_text` (a convenience, not on the wire) to a whole Responses reply; the lean path keeps the wire's.
  const response = raw.response as { object?: string; output_text?: string } | null;
  const wire = response?.object === "response" ? (({ output_text: _t, ...body }) => body)(response) : response;
  return { ...rest, raw: { request: raw.request, response: wire }, streamedTtft: latency.ttftMs !== null };
}

describe("the lean transport and the SDK's path give the same results", () => {
  const sims: RunningSimulator[] = [];
  afterAll(async () => {
    for (const sim of sims) await sim.close();
  });

  it("every request of the conformance matrix, answers, perturbations and faults alike", async () => {
    const results: Record<(typeof TRANSPORTS)[number], unknown[]> = { lean: [], sdk: [] };
    const all: GenerateResult[] = [];
    const requests = matrix();
    for (const transport of TRANSPORTS) {
      // A simulator of its own per path, fed the same requests in the same order: same ids, same draws.
      const sim = await startSimulator(config, index, { port: 0, clock: () => 1_700_000_000_000 });
      sims.push(sim);
      const provider = createOpenAIProvider({ baseURL: sim.url, apiKey: "sk-sim", timeoutMs: 10_000, maxRetries: 0, transport });
      for (const request of requests) {
        const result = await provider.generate(request);
        if (transport === "lean") all.push(result);
        results[transport].push(comparable(result));
      }
    }
    expect(results.lean).toHaveLength(requests.length);
    for (let i = 0; i < requests.length; i++) expect(results.lean[i], `request ${i} (${requests[i]!.attempt})`).toEqual(results.sdk[i]);
    // The matrix covered what it claims: answers of each finish, raw events, and each fault kind.
    const finishes = new Set(all.flatMap((r) => (r.ok ? [r.output.finish] : [])));
    expect([...finishes].sort()).toEqual(expect.arrayContaining(["refusal", "stop", "tool_calls"]));
    const errors = new Set(all.flatMap((r) => (r.ok ? [] : [r.error.kind])));
    expect([...errors].sort()).toEqual(["rate_limit", "server_error", "stream_ended_early"]);
    const streamedOk = all.filter((r) => r.ok && r.output.latency.ttftMs !== null);
    expect(streamedOk.length).toBeGreaterThan(100);
    for (const r of streamedOk) expect(((r as Extract<GenerateResult, { ok: true }>).output.raw.response as { events: unknown[] }).events.length).toBeGreaterThan(2);
  }, 120_000);
});

describe("the lean transport sends the SDK's own request", () => {
  let server: Server;
  let baseURL: string;
  const seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString("utf8")));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(400, { "content-type": "application/json", "x-request-id": "req_1" });
        res.end(JSON.stringify({ error: { message: "Unsupported parameter: 'seed'.", type: "invalid_request_error", param: "seed", code: "unsupported_parameter" } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("same method, path, body and headers (but those fetch itself adds), and the same classified error", async () => {
    const errors = [];
    for (const transport of TRANSPORTS) {
      const provider = createOpenAIProvider({ baseURL, apiKey: "sk-test", timeoutMs: 5_000, maxRetries: 0, transport });
      const r = await provider.generate(prepareRequest(SHAPES[1]!.make("responses", true)).request);
      expect(r.ok).toBe(false);
      if (!r.ok) errors.push(r.error);
    }
    expect(errors[0]).toEqual(errors[1]);
    expect(errors[0]).toMatchObject({ kind: "bad_request", status: 400, requestId: "req_1", retryable: false });
    const [lean, sdk] = seen;
    expect(lean!.method).toBe(sdk!.method);
    expect(lean!.url).toBe("/v1/responses");
    expect(lean!.url).toBe(sdk!.url);
    expect(JSON.parse(lean!.body)).toEqual(JSON.parse(sdk!.body));
    const FETCH_ONLY = new Set(["accept-encoding", "accept-language", "sec-fetch-mode", "connection"]);
    // Two paths really were taken: fetch adds these, node:http does not.
    expect(sdk!.headers["sec-fetch-mode"]).toBe("cors");
    expect(sdk!.headers["accept-encoding"]).toBeDefined();
    expect([lean!.headers["sec-fetch-mode"], lean!.headers["accept-encoding"]]).toEqual([undefined, undefined]);
    const drop = (h: IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).filter(([k]) => !FETCH_ONLY.has(k)));
    expect(drop(lean!.headers)).toEqual(drop(sdk!.headers));
    expect(lean!.headers.authorization).toBe("Bearer sk-test");
    expect(lean!.headers["x-evalgate-attempt"]).toBe("case-1/0");
  });
});
