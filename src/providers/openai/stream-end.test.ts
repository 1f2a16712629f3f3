import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../core/index.js";
import { createOpenAIProvider } from "./provider.js";

/**
 * How a stream ends, byte for byte, against a scripted server: the SDK ends a stream
 * quietly when the connection closes, so the provider itself must notice a missing
 * `[DONE]` or terminal event.
 */
type Script = (res: ServerResponse) => void;
const scripts = new Map<string, Script>();
let server: Server;
let baseURL: string;
const seenHeaders: Array<string | undefined> = [];

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const usage = `data: ${JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "m", choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n`;

beforeAll(async () => {
  server = createServer((req, res) => {
    seenHeaders.push(req.headers["x-evalgate-attempt"] as string | undefined);
    const attempt = String(req.headers["x-evalgate-attempt"]);
    res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": `req_${attempt}` });
    scripts.get(attempt.split("/")[0]!)!(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => {
  server.close(() => r());
  server.closeAllConnections();
}));

function send(name: string, script: Script, api: "chat" | "responses" = "chat") {
  scripts.set(name, script);
  const provider = createOpenAIProvider({ baseURL, apiKey: "k", timeoutMs: 2_000, maxRetries: 0 });
  const req: GenerateRequest = { api, model: "m", messages: [{ role: "user", content: "hi" }], params: {}, attempt: `${name}/0`, stream: true };
  return provider.generate(req);
}

describe("the end of a chat stream", () => {
  it("a complete stream, with [DONE] split across two writes, is an answer", async () => {
    const r = await send("whole", (res) => {
      res.write(chunk({ role: "assistant", content: "" }) + chunk({ content: "Hel" }));
      res.write(chunk({ content: "lo" }) + chunk({}, "stop") + usage + "data: [DO");
      setTimeout(() => res.end("NE]\n\n"), 20);
    });
    expect(r).toMatchObject({ ok: true, tries: 1, output: { text: "Hello", finish: "stop", requestId: "req_whole/0", usage: { inputTokens: 3, outputTokens: 2 } } });
    expect(r.ok && r.output.latency.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it("a stream closed after its finish_reason but before [DONE] is cut", async () => {
    const r = await send("nodone", (res) => res.end(chunk({ content: "Hello" }) + chunk({}, "stop") + usage));
    expect(r).toMatchObject({ ok: false, tries: 1, error: { kind: "stream_ended_early", message: expect.stringContaining("[DONE]"), requestId: "req_nodone/0" } });
  });

  it("a stream closed mid-answer is cut, and keeps the chunks it got in raw", async () => {
    const r = await send("half", (res) => res.end(chunk({ content: "Half an ans" })));
    expect(r).toMatchObject({ ok: false, error: { kind: "stream_ended_early", retryable: true } });
    expect(!r.ok && (r.raw?.response as { events: unknown[] }).events).toHaveLength(1);
  });

  it("a connection reset after the headers is cut, not a connection error", async () => {
    const r = await send("reset", (res) => {
      res.write(chunk({ content: "Hel" }));
      setTimeout(() => res.socket?.destroy(), 20);
    });
    expect(r).toMatchObject({ ok: false, error: { kind: "stream_ended_early", retryable: true } });
  });

  it("one provider's concurrent streams each judge their own [DONE]: a complete one is an answer while a cut one is cut", async () => {
    // The cut stream ends after the complete one has shown its [DONE].
    scripts.set("pair-whole", (res) => res.end(chunk({ content: "Hello" }) + chunk({}, "stop") + usage + "data: [DONE]\n\n"));
    scripts.set("pair-cut", (res) => setTimeout(() => res.end(chunk({ content: "Hello" }) + chunk({}, "stop") + usage), 50));
    const provider = createOpenAIProvider({ baseURL, apiKey: "k", timeoutMs: 2_000, maxRetries: 0 });
    const ask = (attempt: string) => provider.generate({ api: "chat", model: "m", messages: [{ role: "user", content: "hi" }], params: {}, attempt, stream: true });
    const [whole, cut] = await Promise.all([ask("pair-whole/0"), ask("pair-cut/0")]);
    expect(whole).toMatchObject({ ok: true, output: { text: "Hello", finish: "stop" } });
    expect(cut).toMatchObject({ ok: false, error: { kind: "stream_ended_early" } });
  });

  it("a stream that stalls past the timeout is a timeout", async () => {
    const provider = createOpenAIProvider({ baseURL, apiKey: "k", timeoutMs: 200, maxRetries: 0 });
    scripts.set("stall", (res) => res.write(chunk({ content: "Hel" })));
    const started = Date.now();
    const r = await provider.generate({ api: "chat", model: "m", messages: [{ role: "user", content: "hi" }], params: {}, attempt: "stall/0", stream: true });
    expect(r).toMatchObject({ ok: false, error: { kind: "timeout", retryable: true } });
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe("the end of a responses stream", () => {
  const event = (e: { type: string } & Record<string, unknown>) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
  it("events without response.completed/.incomplete/.failed are cut", async () => {
    const r = await send("resp-cut", (res) => res.end(
      event({ type: "response.output_text.delta", sequence_number: 1, item_id: "m1", output_index: 0, content_index: 0, delta: "Hi", logprobs: [] }),
    ), "responses");
    expect(r).toMatchObject({ ok: false, error: { kind: "stream_ended_early", message: expect.stringContaining("response.completed") } });
  });

  it("every request carried its x-evalgate-attempt header", () => {
    expect(seenHeaders.length).toBeGreaterThanOrEqual(6);
    for (const h of seenHeaders) expect(h).toMatch(/^[\w-]+\/0$/);
  });
});
