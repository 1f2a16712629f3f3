/**
 * Parameters the simulator honours rather than ignores: n, stop, seed, logprobs,
 * parallel_tool_calls, reasoning summaries and encrypted_content, and the in-stream failures
 * (stream_error, response_failed) a suite's `sim.models.<m>.faults` can ask for.
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { chatBody, responsesBody } from "./request-bodies.js";
import { parallelEntry, parallelKey, parseSse, postJson, routingIndex, textKey, toolKey } from "./sim-client.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator(
    {
      seed: 5,
      models: {
        exact: { accuracy: 1 },
        coin: { accuracy: 0.3 },
        thinker: { accuracy: 1, reasoning: true },
        "fails-mid-stream": { accuracy: 1, faults: { stream_error: 1 } },
        "fails-after-start": { accuracy: 1, faults: { response_failed: 1 } },
      },
    },
    { entries: [...routingIndex(4).entries, ...Array.from({ length: 4 }, (_, i) => parallelEntry(i))] },
  );
});
afterAll(async () => sim.close());

const chat = async (body: Record<string, unknown>, attempt = "c/0") => {
  const res = await postJson(sim.url, "/chat/completions", body, { "x-evalgate-attempt": attempt });
  expect(res.status, res.text).toBe(200);
  return JSON.parse(res.text);
};
const responses = async (body: Record<string, unknown>, attempt = "c/0") => {
  const res = await postJson(sim.url, "/responses", body, { "x-evalgate-attempt": attempt });
  expect(res.status, res.text).toBe(200);
  return JSON.parse(res.text);
};

describe("Chat Completions", () => {
  test("n gives n choices, indexed, drawn apart, their tokens summed in usage", async () => {
    const one = await chat(chatBody({ model: "coin", user: textKey(1), shape: "text", stream: false }));
    const three = await chat(chatBody({ model: "coin", user: textKey(1), shape: "text", stream: false, extra: { n: 3 } }));
    expect(three.choices.map((c: { index: number }) => c.index)).toEqual([0, 1, 2]);
    expect(three.choices[0].message).toEqual(one.choices[0].message);
    expect(three.usage.completion_tokens).toBeGreaterThan(one.usage.completion_tokens);
  });

  test("a stop sequence ends the text before it, with finish_reason stop", async () => {
    const full = (await chat(chatBody({ model: "exact", user: textKey(0), shape: "text", stream: false }))).choices[0];
    expect(full.message.content).toContain(" team");
    const cut = (await chat(chatBody({ model: "exact", user: textKey(0), shape: "text", stream: false, extra: { stop: [" team", "zzz"] } }))).choices[0];
    expect(cut.message.content).toBe(full.message.content.slice(0, full.message.content.indexOf(" team")));
    expect(cut.finish_reason).toBe("stop");
  });

  test("the same seed and request give the same reply across repeats; without a seed repeats differ", async () => {
    const ask = (repeat: number, extra: Record<string, unknown>) =>
      chat(chatBody({ model: "coin", user: textKey(2), shape: "json_loose", stream: false, extra }), `seeded/${repeat}`);
    const seeded = await Promise.all([0, 1, 2, 3, 4, 5].map((r) => ask(r, { seed: 99 })));
    expect(new Set(seeded.map((r) => r.choices[0].message.content)).size).toBe(1);
    expect(new Set(seeded.map((r) => r.system_fingerprint)).size).toBe(1);
    const unseeded = await Promise.all([0, 1, 2, 3, 4, 5].map((r) => ask(r, {})));
    expect(new Set(unseeded.map((r) => r.choices[0].message.content)).size).toBeGreaterThan(1);
  });

  test("logprobs come token by token, the tokens spelling the content, each with top_logprobs alternatives", async () => {
    const choice = (await chat(chatBody({ model: "exact", user: textKey(0), shape: "text", stream: false, extra: { logprobs: true, top_logprobs: 3 } }))).choices[0];
    const entries = choice.logprobs.content as Array<{ token: string; logprob: number; top_logprobs: Array<{ token: string }> }>;
    expect(entries.map((e) => e.token).join("")).toBe(choice.message.content);
    expect(entries.every((e) => e.logprob <= 0 && e.top_logprobs.length === 3 && e.top_logprobs[0]!.token === e.token)).toBe(true);
    const streamed = await postJson(sim.url, "/chat/completions", chatBody({ model: "exact", user: textKey(0), shape: "text", stream: true, extra: { logprobs: true } }));
    const chunks = parseSse(streamed.text).filter((m) => m.data !== "[DONE]").map((m) => JSON.parse(m.data));
    const tokens = chunks.flatMap((c) => c.choices[0]?.logprobs?.content ?? []).map((e: { token: string }) => e.token);
    expect(tokens.join("")).toBe(choice.message.content);
  });

  test("an answer of several tool calls comes as parallel calls, or only the first when parallel_tool_calls is false", async () => {
    const both = (await chat(chatBody({ model: "exact", user: parallelKey(0), shape: "parallel_tools", stream: false }))).choices[0];
    expect(both.message.tool_calls.map((c: { function: { name: string } }) => c.function.name)).toEqual(["route_ticket", "notify_customer"]);
    expect(both.finish_reason).toBe("tool_calls");
    const first = (await chat(chatBody({ model: "exact", user: parallelKey(0), shape: "parallel_tools", stream: false, extra: { parallel_tool_calls: false } }))).choices[0];
    expect(first.message.tool_calls.map((c: { function: { name: string } }) => c.function.name)).toEqual(["route_ticket"]);
  });

  test("stream_error: the SDK's stream throws the in-stream error, and no [DONE] came", async () => {
    const client = new OpenAI({ baseURL: sim.url, apiKey: "sk-test", maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: "fails-mid-stream", messages: [{ role: "user", content: textKey(0) }], stream: true });
    await expect((async () => { for await (const _ of stream) void _; })()).rejects.toBeInstanceOf(OpenAI.APIError);
    const raw = await postJson(sim.url, "/chat/completions", { model: "fails-mid-stream", messages: [{ role: "user", content: textKey(0) }], stream: true });
    expect(raw.text).not.toContain("[DONE]");
  });

  test("response_failed unstreamed is a 500", async () => {
    const res = await postJson(sim.url, "/chat/completions", { model: "fails-after-start", messages: [{ role: "user", content: textKey(0) }] });
    expect(res.status).toBe(500);
  });
});

describe("Responses", () => {
  test("include message.output_text.logprobs fills output_text.logprobs, and the deltas' logprobs when streamed", async () => {
    const body = responsesBody({ model: "exact", user: textKey(0), shape: "text", stream: false, extra: { include: ["message.output_text.logprobs"], top_logprobs: 2 } });
    const part = (await responses(body)).output[0].content[0];
    expect(part.logprobs.map((e: { token: string }) => e.token).join("")).toBe(part.text);
    expect(part.logprobs[0].top_logprobs).toHaveLength(2);
    const plain = (await responses(responsesBody({ model: "exact", user: textKey(0), shape: "text", stream: false }))).output[0].content[0];
    expect(plain.logprobs).toEqual([]);
  });

  test("parallel tool calls are function_call items, one per call", async () => {
    const out = (await responses(responsesBody({ model: "exact", user: parallelKey(1), shape: "parallel_tools", stream: false }))).output;
    expect(out.map((i: { type: string; name: string }) => `${i.type}:${i.name}`)).toEqual(["function_call:route_ticket", "function_call:notify_customer"]);
  });

  test("a reasoning summary comes when asked, encrypted_content with include and store: false", async () => {
    const ask = (extra: Record<string, unknown>) => responses(responsesBody({ model: "thinker", user: toolKey(0), shape: "tools", stream: false, extra }));
    const none = (await ask({})).output[0];
    expect(none).toMatchObject({ type: "reasoning", summary: [] });
    expect(none).not.toHaveProperty("encrypted_content");
    const detailed = (await ask({ reasoning: { summary: "detailed" }, include: ["reasoning.encrypted_content"], store: false })).output[0];
    expect(detailed.summary.length).toBe(2);
    expect(detailed.summary[0].type).toBe("summary_text");
    expect(detailed.encrypted_content).toMatch(/^gAAAAA/);
    const stored = (await ask({ include: ["reasoning.encrypted_content"] })).output[0];
    expect(stored).not.toHaveProperty("encrypted_content");
  });

  test("stream_error ends the stream with an error event; response_failed with response.failed", async () => {
    const events = async (model: string) =>
      parseSse((await postJson(sim.url, "/responses", { model, input: textKey(0), stream: true })).text).map((m) => m.event);
    const mid = await events("fails-mid-stream");
    expect(mid.at(-1)).toBe("error");
    expect(mid).not.toContain("response.completed");
    expect(await events("fails-after-start")).toEqual(["response.created", "response.in_progress", "response.failed"]);
  });
});
