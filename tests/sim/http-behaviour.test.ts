/** Request validation, reasoning models, caps, caching, latency, faults and the request log, over HTTP. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterEach, describe, expect, test } from "vitest";
import type { SimConfigInput } from "../../src/core/index.js";
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "../../src/sim/index.js";
import { specErrors } from "../helpers/openapi.js";
import { getPath, parseSse, postJson, routingIndex, simInfo, textKey } from "./sim-client.js";

const running: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
/** `m` is the placeholder model of these tests: configured, since the simulator serves only models it knows. */
async function start(config: SimConfigInput = { models: { m: {} } }, options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator(config, routingIndex(3), options);
  running.push(sim);
  return sim;
}
const user = (content: string) => [{ role: "user", content }];

describe("request validation answers like the real API", () => {
  const cases: Array<[string, string, unknown, number, string | null]> = [
    ["no model", "/chat/completions", { messages: user("hi") }, 400, null],
    ["empty messages", "/chat/completions", { model: "m", messages: [] }, 400, "messages"],
    ["a tool_choice naming an unknown tool", "/chat/completions",
      { model: "m", messages: user("hi"), tools: [{ type: "function", function: { name: "a" } }], tool_choice: { type: "function", function: { name: "b" } } }, 400, "tool_choice"],
    ["max_output_tokens under 16", "/responses", { model: "m", input: "hi", max_output_tokens: 10 }, 400, "max_output_tokens"],
    ["an unknown tool on Responses", "/responses", { model: "m", input: "hi", tools: [{ type: "function", name: "a", parameters: {}, strict: false }], tool_choice: { type: "function", name: "zz" } }, 400, "tool_choice"],
    ["json_object without the word json", "/chat/completions", { model: "m", messages: user("hi"), response_format: { type: "json_object" } }, 400, "messages"],
    ["stream_options without stream", "/chat/completions", { model: "m", messages: user("hi"), stream_options: { include_usage: true } }, 400, "stream_options"],
  ];
  test.each(cases)("%s gets the error envelope", async (_name, path, body, status, param) => {
    const sim = await start();
    const res = await postJson(sim.url, path, body);
    expect(res.status).toBe(status);
    const parsed = JSON.parse(res.text);
    expect(specErrors("ErrorResponse", parsed)).toEqual([]);
    expect(parsed.error.type).toBe("invalid_request_error");
    expect(parsed.error.param).toBe(param);
  });

  test("an invalid JSON body gets a 400 envelope", async () => {
    const sim = await start();
    const res = await postJson(sim.url, "/chat/completions", '{"model": "m", "messages": [');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).error.message).toContain("could not parse the JSON body");
  });

  test("no Authorization: Bearer header gets 401, a rejected key gets 401 invalid_api_key", async () => {
    const sim = await start({ reject_keys: ["sk-bad"] });
    const none = await postJson(sim.url, "/chat/completions", { model: "m", messages: user("hi") }, { authorization: "" });
    expect(none.status).toBe(401);
    expect(specErrors("ErrorResponse", JSON.parse(none.text))).toEqual([]);
    const bad = await getPath(sim.url, "/models", { authorization: "Bearer sk-bad" });
    expect(bad.status).toBe(401);
    expect(JSON.parse(bad.text).error.code).toBe("invalid_api_key");
  });

  test("an unknown route gets a 404 envelope", async () => {
    const sim = await start();
    const res = await getPath(sim.url, "/files");
    expect(res.status).toBe(404);
    expect(specErrors("ErrorResponse", JSON.parse(res.text))).toEqual([]);
  });
});

describe("reasoning models", () => {
  test("reject temperature (and chat's max_tokens) with a 400 naming the param, unless the config says the model does not reason", async () => {
    const sim = await start({ models: { "gpt-5-plain": { reasoning: false } } });
    for (const [path, body] of [
      ["/chat/completions", { model: "o4-mini", messages: user("hi"), temperature: 0 }],
      ["/responses", { model: "gpt-5-mini", input: "hi", temperature: 0.5 }],
    ] as const) {
      const res = await postJson(sim.url, path, body);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.text).error).toMatchObject({ param: "temperature", type: "invalid_request_error" });
    }
    const legacy = await postJson(sim.url, "/chat/completions", { model: "o3", messages: user("hi"), max_tokens: 100 });
    expect(JSON.parse(legacy.text).error).toMatchObject({ param: "max_tokens", code: "unsupported_parameter" });
    expect((await postJson(sim.url, "/chat/completions", { model: "gpt-4.1", messages: user("hi"), max_tokens: 100 })).status).toBe(200);
    expect((await postJson(sim.url, "/responses", { model: "gpt-5-mini", input: "hi", temperature: null })).status).toBe(200);
    expect((await postJson(sim.url, "/responses", { model: "gpt-5-plain", input: "hi", temperature: 0.5 })).status).toBe(200);
  });

  test("spend more reasoning tokens at higher effort", async () => {
    const sim = await start();
    const tokens = async (effort: string) =>
      JSON.parse((await postJson(sim.url, "/responses", { model: "gpt-5", input: textKey(0), reasoning: { effort } })).text).usage.output_tokens_details.reasoning_tokens as number;
    const [low, high] = [await tokens("low"), await tokens("high")];
    expect(low).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(low);
  });

  test("return incomplete / length when reasoning eats max_output_tokens", async () => {
    const sim = await start({ models: { "gpt-5-mini": { accuracy: 1 } } });
    const resp = JSON.parse((await postJson(sim.url, "/responses", { model: "gpt-5-mini", input: textKey(0), max_output_tokens: 40 })).text);
    expect(specErrors("Response", resp)).toEqual([]);
    expect(resp.status).toBe("incomplete");
    expect(resp.incomplete_details).toEqual({ reason: "max_output_tokens" });
    expect(resp.usage.output_tokens).toBe(40);
    const chat = JSON.parse((await postJson(sim.url, "/chat/completions", { model: "gpt-5-mini", messages: user(textKey(0)), max_completion_tokens: 40 })).text);
    expect(chat.choices[0].finish_reason).toBe("length");
    expect(chat.usage.completion_tokens).toBe(40);
  });

  test("a non-reasoning model's answer is cut at max_output_tokens", async () => {
    const long = "The parcel left the depot on Monday and will reach the pickup point near you within three working days.";
    const sim = await startSimulator({ models: { m: { accuracy: 1 } } }, { entries: [{ caseId: "long", keys: ["status?"], answer: long }] });
    running.push(sim);
    const full = JSON.parse((await postJson(sim.url, "/responses", { model: "m", input: "status?" })).text);
    const cut = JSON.parse((await postJson(sim.url, "/responses", { model: "m", input: "status?", max_output_tokens: 16 })).text);
    expect(cut.status).toBe("incomplete");
    expect(full.usage.output_tokens).toBeGreaterThan(16);
    expect(cut.usage.output_tokens).toBe(16);
    expect(full.output[0].content[0].text.startsWith(cut.output[0].content[0].text)).toBe(true);
  });
});

test("cached input: 128-token steps from 1,024, the same for both APIs and in any arrival order", async () => {
  const system = "You are a meticulous support agent. ".repeat(200);
  const questions = ["first question", "a different second question", "hi", "one more", "and the last one"];
  const cachedOf = async (sim: RunningSimulator, q: string) => {
    const chat = JSON.parse((await postJson(sim.url, "/chat/completions", { model: "m", messages: [{ role: "system", content: system }, { role: "user", content: q }] })).text).usage;
    const resp = JSON.parse((await postJson(sim.url, "/responses", { model: "m", instructions: system, input: q })).text).usage;
    expect(resp.input_tokens_details.cached_tokens).toBe(chat.prompt_tokens_details.cached_tokens);
    expect(resp.input_tokens).toBe(chat.prompt_tokens);
    return chat.prompt_tokens_details.cached_tokens as number;
  };
  const forwards: number[] = [];
  for (const q of questions) forwards.push(await cachedOf(await start({ seed: 3, models: { m: {} } }), q));
  const sim = await start({ seed: 3, models: { m: {} } });
  const backwards: number[] = [];
  for (const q of [...questions].reverse()) backwards.push(await cachedOf(sim, q));
  expect(backwards.reverse()).toEqual(forwards);
  for (const c of forwards) expect(c === 0 || (c >= 1024 && (c - 1024) % 128 === 0)).toBe(true);
  // Every prefix warm: the longest cacheable one; none: nothing.
  const warm = await start({ models: { m: { cache_hit_rate: 1 } } });
  const usage = JSON.parse((await postJson(warm.url, "/chat/completions", { model: "m", messages: [{ role: "system", content: system }, { role: "user", content: "hi" }] })).text).usage;
  expect(usage.prompt_tokens_details.cached_tokens).toBe(Math.floor((usage.prompt_tokens - 1024) / 128) * 128 + 1024);
  const cold = await start({ models: { m: { cache_hit_rate: 0 } } });
  expect(await cachedOf(cold, "hi")).toBe(0);
});

test("latency: a streamed reply's first token comes after ttft, and the whole reply at tokens_per_s", async () => {
  const sim = await start({ models: { slow: { accuracy: 1, latency: { ttft_ms: 150, tokens_per_s: 200, jitter: 0 } } } });
  const t0 = performance.now();
  const body = JSON.parse((await postJson(sim.url, "/chat/completions", { model: "slow", messages: user(textKey(0)) })).text);
  const total = performance.now() - t0;
  const expected = 150 + (body.usage.completion_tokens / 200) * 1000;
  expect(total).toBeGreaterThanOrEqual(expected - 5);
  expect(total).toBeLessThan(expected + 400);
  const client = new OpenAI({ baseURL: sim.url, apiKey: "sk", maxRetries: 0 });
  const t1 = performance.now();
  let ttft = -1;
  const stream = await client.chat.completions.create({ model: "slow", messages: [{ role: "user", content: textKey(0) }], stream: true });
  for await (const chunk of stream) if (ttft < 0 && chunk.choices[0]?.delta.content) ttft = performance.now() - t1;
  expect(ttft).toBeGreaterThanOrEqual(145);
  expect(ttft).toBeLessThan(600);
});

test("zero latency when none is configured", async () => {
  const sim = await start();
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) await postJson(sim.url, "/chat/completions", { model: "m", messages: user(textKey(0)) });
  expect((performance.now() - t0) / 20).toBeLessThan(50);
});

describe("faults", () => {
  test("a timeout fault hangs for hang_ms, then drops the connection without a response", async () => {
    const sim = await start({ hang_ms: 200, models: { m: { faults: { rate_limit: 0, server_error: 0, timeout: 1, broken_stream: 0 } } } });
    const t0 = performance.now();
    const client = new OpenAI({ baseURL: sim.url, apiKey: "sk", maxRetries: 0 });
    await expect(client.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] })).rejects.toBeInstanceOf(OpenAI.APIConnectionError);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  });

  test("close() does not wait for hung requests", async () => {
    const sim = await startSimulator({ hang_ms: 60_000, models: { m: { faults: { rate_limit: 0, server_error: 0, timeout: 1, broken_stream: 0 } } } });
    const pending = postJson(sim.url, "/chat/completions", { model: "m", messages: user("hi") }).catch(() => null);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await sim.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    await pending;
  });

  test("a cut stream ends before its terminal event: closed cleanly or reset", async () => {
    const sim = await start({ models: { m: { accuracy: 1, faults: { rate_limit: 0, server_error: 0, timeout: 0, broken_stream: 1 } } } });
    const kinds = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await postJson(sim.url, "/responses", { model: "m", input: textKey(0), stream: true }, { "x-evalgate-attempt": `c/${i}` });
      const events = parseSse(res.text).map((m) => JSON.parse(m.data).type as string);
      expect(events[0]).toBe("response.created");
      expect(events).not.toContain("response.completed");
      kinds.add(simInfo(res).fault!);
      if (simInfo(res).fault === "broken_stream_reset") expect(res.aborted).toBe(true);
    }
    expect(kinds).toEqual(new Set(["broken_stream_close", "broken_stream_reset"]));
  });

  test("the SDK sees a cleanly cut chat stream end without a finish_reason", async () => {
    const sim = await start({ seed: 1, models: { m: { accuracy: 1, faults: { rate_limit: 0, server_error: 0, timeout: 0, broken_stream: 1 } } } });
    const client = new OpenAI({ baseURL: sim.url, apiKey: "sk", maxRetries: 0 });
    let finishes = 0, errors = 0;
    for (let i = 0; i < 8; i++) {
      try {
        const stream = await client.chat.completions.create({ model: "m", messages: [{ role: "user", content: textKey(0) }], stream: true }, { headers: { "x-evalgate-attempt": `c/${i}` } });
        for await (const chunk of stream) if (chunk.choices[0]?.finish_reason) finishes++;
      } catch {
        errors++;
      }
    }
    expect(finishes).toBe(0);
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(8);
  });
});

test("an unplaced request gets the same generic reply every time", async () => {
  const sim = await start();
  const a = JSON.parse((await postJson(sim.url, "/chat/completions", { model: "m", messages: user("Summarize the weather") })).text);
  const b = JSON.parse((await postJson(sim.url, "/chat/completions", { model: "m", messages: user("Summarize the weather") })).text);
  expect(a.choices[0].message.content).toContain("Simulated reply from m");
  expect(b.choices[0].message.content).toBe(a.choices[0].message.content);
});

test("--log writes one JSON line per request received, errors included", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "sim-log-")), "requests.jsonl");
  const sim = await startSimulator({}, routingIndex(1), { logFile: file });
  await postJson(sim.url, "/chat/completions", { model: "m", messages: user("hi") }, { "x-evalgate-attempt": "c/0" });
  await postJson(sim.url, "/responses", { model: "m", input: "hi", stream: true });
  await postJson(sim.url, "/chat/completions", "not json");
  await getPath(sim.url, "/models", { authorization: "" });
  expect(sim.requestCount()).toBe(4);
  await sim.close();
  const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  expect(lines.map((l) => l.url)).toEqual(["/v1/chat/completions", "/v1/responses", "/v1/chat/completions", "/v1/models"]);
  expect(lines[0].attempt).toBe("c/0");
  expect(lines[0].body.model).toBe("m");
});
