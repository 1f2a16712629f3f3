/**
 * Every body and SSE event the simulator emits validates against the official OpenAI
 * spec (vendor/openai-spec/openapi.yaml, read at test time), over the matrix
 * (chat | responses) × (stream | not) × (text | json_schema strict/loose | tools | text with
 * an image part) × (answer | perturbed | fault); and over tool loops: (chat | responses with
 * the full input | responses with previous_response_id) × (stream | not) × (answer |
 * perturbed), every step's reply, the stored responses `GET /v1/responses/{id}` returns, and
 * the 404s.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { responseStreamEventSchemaFor, specErrors } from "../helpers/openapi.js";
import { fileLines, inputJsonl, sdkClient, submit } from "./batch-client.js";
import { chatBody, responsesBody, type Shape } from "./request-bodies.js";
import { driveLoop, loopIndex, loopKey, type LoopApi } from "./loop-client.js";
import { getPath, jsonKey, parallelEntry, parallelKey, parseSse, postJson, routingIndex, simInfo, textKey, toolKey, type RawResponse } from "./sim-client.js";

const CASES = 10;
const MODES = { answer: "sim-exact", perturbed: "sim-noisy", fault: "sim-faulty" } as const;
const SHAPES: Shape[] = ["text", "json_strict", "json_loose", "tools", "text_image"];
let sim: RunningSimulator;
let loopSim: RunningSimulator;
const LOOP_CASES = 6;

beforeAll(async () => {
  loopSim = await startSimulator({ seed: 5, models: { "sim-exact": { accuracy: 1 }, "sim-noisy": { accuracy: 0 } } }, loopIndex(LOOP_CASES));
  sim = await startSimulator(
    {
      seed: 11,
      models: {
        "sim-exact": { accuracy: 1 },
        "sim-noisy": { accuracy: 0 },
        "sim-faulty": { accuracy: 0.5, faults: { rate_limit: 0.2, server_error: 0.2, timeout: 0, broken_stream: 0.4 } },
        "sim-reasoner": { accuracy: 0.5, reasoning: true },
        "sim-failing": { accuracy: 0.5, faults: { stream_error: 0.5, response_failed: 0.5 } },
      },
      retry_after_ms: 1500,
    },
    { entries: [...routingIndex(CASES).entries, ...Array.from({ length: CASES }, (_, i) => parallelEntry(i))] },
  );
});
afterAll(async () => {
  await sim.close();
  await loopSim.close();
});

function userFor(shape: Shape, i: number): string {
  return shape === "text" || shape === "text_image" ? textKey(i) : shape === "tools" ? toolKey(i) : shape === "parallel_tools" ? parallelKey(i) : jsonKey(i);
}

/** Validates one exchange; returns the errors found (as readable lines) and what kind of reply it was. */
function validate(api: "chat" | "responses", stream: boolean, res: RawResponse): { errors: string[]; cut: boolean } {
  if (res.status !== 200) return { errors: specErrors("ErrorResponse", JSON.parse(res.text)), cut: false };
  if (!stream) return { errors: specErrors(api === "chat" ? "CreateChatCompletionResponse" : "Response", JSON.parse(res.text)), cut: false };
  const messages = parseSse(res.text);
  const errors: string[] = [];
  if (api === "chat") {
    const done = messages.at(-1)?.data === "[DONE]";
    for (const m of messages) {
      if (m.data === "[DONE]") continue;
      const chunk = JSON.parse(m.data) as Record<string, unknown>;
      // An in-stream error is a chunk holding the error envelope alone (what the SDK throws).
      const schema = "error" in chunk ? "ErrorResponse" : "CreateChatCompletionStreamResponse";
      errors.push(...specErrors(schema, chunk).map((e) => `chunk: ${e}`));
    }
    return { errors, cut: !done };
  }
  let terminal = false;
  messages.forEach((m, i) => {
    const event = JSON.parse(m.data) as { type: string; sequence_number: number };
    if (m.event !== event.type) errors.push(`event name ${m.event} ≠ type ${event.type}`);
    if (event.sequence_number !== i) errors.push(`sequence_number ${event.sequence_number} at position ${i}`);
    const schema = responseStreamEventSchemaFor(event.type);
    if (!schema) errors.push(`no spec schema for event ${event.type}`);
    else errors.push(...specErrors(schema, event).map((e) => `${event.type}: ${e}`));
    terminal ||= ["response.completed", "response.incomplete", "response.failed", "error"].includes(event.type);
  });
  return { errors, cut: !terminal };
}

describe.each(["chat", "responses"] as const)("%s", (api) => {
  describe.each([false, true])("stream=%s", (stream) => {
    test.each(Object.keys(MODES) as Array<keyof typeof MODES>)("every reply in mode %s validates against the spec", async (mode) => {
      const seen = { perturbations: new Set<string>(), statuses: new Set<number>(), cut: 0, replies: 0 };
      for (const shape of SHAPES) {
        for (let i = 0; i < CASES; i++) {
          for (const repeat of [0, 1, 2, 3]) {
            const o = { model: MODES[mode], user: userFor(shape, i), shape, stream, instructions: "You route support tickets." };
            const res = await postJson(sim.url, api === "chat" ? "/chat/completions" : "/responses", api === "chat" ? chatBody(o) : responsesBody(o), {
              "x-evalgate-attempt": `${shape}-${i}/${repeat}`,
            });
            const { errors, cut } = validate(api, stream, res);
            expect(errors, `${api} ${shape} case ${i}/${repeat}: ${res.text.slice(0, 300)}`).toEqual([]);
            seen.statuses.add(res.status);
            seen.perturbations.add(simInfo(res).perturbation ?? "?");
            if (cut) seen.cut++;
            seen.replies++;
          }
        }
      }
      expect(seen.replies).toBe(SHAPES.length * CASES * 4);
      if (mode === "answer") {
        expect([...seen.perturbations]).toEqual(["none"]);
        expect([...seen.statuses]).toEqual([200]);
      }
      if (mode === "perturbed") {
        for (const kind of ["wrong_label", "wrong_value", "refusal", "truncation", "missing_field", "invalid_json"]) {
          expect(seen.perturbations, `perturbation ${kind} seen`).toContain(kind);
        }
      }
      if (mode === "fault") {
        expect(seen.statuses).toEqual(new Set([200, 429, 500]));
        if (stream) expect(seen.cut).toBeGreaterThan(0);
        else expect(seen.cut).toBe(0);
      }
    });
  });
});

/**
 * What a request asks beyond the defaults, per API: each row's replies validate in both
 * stream modes, and `see` names what a row must have produced at least once.
 */
interface FeatureRow {
  name: string;
  api: "chat" | "responses";
  model: string;
  shape: Shape;
  extra: Record<string, unknown>;
  see: (body: string) => boolean;
}

const FEATURES: FeatureRow[] = [
  { name: "n = 3", api: "chat", model: "sim-exact", shape: "json_strict", extra: { n: 3 }, see: (b) => b.includes('"index":2') },
  { name: "stop sequences", api: "chat", model: "sim-exact", shape: "text", extra: { stop: ["team", "order"] }, see: (b) => b.includes('"finish_reason":"stop"') },
  { name: "logprobs with top_logprobs", api: "chat", model: "sim-noisy", shape: "text", extra: { logprobs: true, top_logprobs: 3 }, see: (b) => b.includes('"top_logprobs":[{') },
  { name: "parallel tool calls", api: "chat", model: "sim-exact", shape: "parallel_tools", extra: {}, see: (b) => b.includes("notify_customer") },
  { name: "parallel_tool_calls false", api: "chat", model: "sim-exact", shape: "parallel_tools", extra: { parallel_tool_calls: false }, see: (b) => !b.includes("notify_customer") },
  { name: "seed", api: "chat", model: "sim-noisy", shape: "json_loose", extra: { seed: 42 }, see: (b) => b.includes("system_fingerprint") },
  { name: "in-stream errors and failed replies", api: "chat", model: "sim-failing", shape: "text", extra: {}, see: (b) => b.includes('"type":"server_error"') },
  { name: "output_text logprobs", api: "responses", model: "sim-noisy", shape: "text", extra: { include: ["message.output_text.logprobs"], top_logprobs: 2 }, see: (b) => b.includes('"bytes"') },
  { name: "parallel tool calls", api: "responses", model: "sim-exact", shape: "parallel_tools", extra: {}, see: (b) => b.includes("notify_customer") },
  { name: "reasoning summary and encrypted_content", api: "responses", model: "sim-reasoner", shape: "tools", extra: { reasoning: { summary: "detailed" }, include: ["reasoning.encrypted_content"], store: false }, see: (b) => b.includes("summary_text") && b.includes("encrypted_content") },
  { name: "a concise reasoning summary", api: "responses", model: "sim-reasoner", shape: "json_strict", extra: { reasoning: { effort: "low", summary: "concise" } }, see: (b) => b.includes("summary_text") },
  { name: "response.failed and error events", api: "responses", model: "sim-failing", shape: "text", extra: {}, see: (b) => b.includes("response.failed") || b.includes('"type":"error"') || b.includes('"type":"server_error"') },
];

describe.each([false, true])("features, stream=%s", (stream) => {
  test.each(FEATURES.map((f) => [`${f.api}: ${f.name}`, f] as const))("%s: every reply validates against the spec", async (_name, f) => {
    let seen = 0;
    for (let i = 0; i < 6; i++) {
      const o = { model: f.model, user: userFor(f.shape, i), shape: f.shape, stream, extra: f.extra };
      const res = await postJson(sim.url, f.api === "chat" ? "/chat/completions" : "/responses", f.api === "chat" ? chatBody(o) : responsesBody(o), {
        "x-evalgate-attempt": `${f.name}-${i}/0`,
      });
      expect(validate(f.api, stream, res).errors, `${f.api} ${f.name} case ${i}: ${res.text.slice(0, 300)}`).toEqual([]);
      if (f.see(res.text)) seen++;
    }
    expect(seen, `${f.name}: what the row asks for was seen`).toBeGreaterThan(0);
  });
});

test("a 429 carries retry-after in whole seconds and retry-after-ms", async () => {
  for (let i = 0; i < 40; i++) {
    const res = await postJson(sim.url, "/chat/completions", chatBody({ model: "sim-faulty", user: textKey(0), shape: "text", stream: false }), {
      "x-evalgate-attempt": `rl-${i}/0`,
    });
    if (res.status !== 429) continue;
    expect(res.headers["retry-after"]).toBe("2");
    expect(res.headers["retry-after-ms"]).toBe("1500");
    expect(JSON.parse(res.text).error.code).toBe("rate_limit_exceeded");
    return;
  }
  throw new Error("no 429 drawn in 40 requests at a 20% rate");
});

test("embeddings and the model list validate against the spec", async () => {
  const emb = await postJson(sim.url, "/embeddings", { model: "text-embedding-3-small", input: ["billing issue", "shipping delay"], encoding_format: "float" });
  expect(specErrors("CreateEmbeddingResponse", JSON.parse(emb.text))).toEqual([]);
  const models = await fetch(`${sim.url}/models`, { headers: { authorization: "Bearer sk-test" } });
  const list = await models.json();
  expect(specErrors("ListModelsResponse", list)).toEqual([]);
  expect((list as { data: Array<{ id: string }> }).data.map((m) => m.id)).toContain("sim-noisy");
});

describe.each(["chat", "responses", "responses-previous"] as const)("tool loop through %s", (api: LoopApi) => {
  const wire = api === "chat" ? "chat" : "responses";
  test.each([false, true])("stream=%s: every step's reply validates; an exact model calls lookup_order, then get_shipping_status, then answers", async (stream) => {
    for (let i = 0; i < LOOP_CASES; i++) {
      const run = await driveLoop(loopSim.url, { api, stream, model: "sim-exact", user: loopKey(i), attempt: `loop-${i}/0` });
      for (const res of run.replies) expect(validate(wire, stream, res).errors, res.text.slice(0, 300)).toEqual([]);
      expect(run.calls).toEqual(["lookup_order", "get_shipping_status"]);
      expect(run.text).toBe(`Order ORD-${7000 + i} is in transit with tracking TRK-${900 + i}.`);
      expect(run.replies.map((r) => simInfo(r).finish)).toEqual(["tool_calls", "tool_calls", "stop"]);
    }
  });

  test("a model with accuracy 0 goes wrong at one step at most of each loop, at different steps, and every reply still validates", async () => {
    const perturbations = new Set<string>();
    const steps = new Set<number>();
    for (let i = 0; i < LOOP_CASES; i++) {
      for (const repeat of [0, 1, 2, 3]) {
        const run = await driveLoop(loopSim.url, { api, stream: repeat % 2 === 1, model: "sim-noisy", user: loopKey(i), attempt: `loop-${i}/${repeat}` });
        for (const res of run.replies) expect(validate(wire, repeat % 2 === 1, res).errors).toEqual([]);
        const drawn = run.replies.map((r) => simInfo(r).perturbation);
        const wrong = drawn.flatMap((p, k) => (p === "none" ? [] : [k]));
        expect(wrong.length).toBeLessThanOrEqual(1);
        for (const k of wrong) {
          steps.add(k);
          perturbations.add(drawn[k]!);
        }
      }
    }
    expect(perturbations.size).toBeGreaterThan(1);
    expect(steps.size).toBeGreaterThan(1);
  });
});

describe("stored responses", () => {
  test("GET /v1/responses/{id} returns each step a previous_response_id loop stored, as the spec's Response", async () => {
    const run = await driveLoop(loopSim.url, { api: "responses-previous", stream: false, model: "sim-exact", user: loopKey(0), attempt: "loop-0/7" });
    expect(run.responseIds).toHaveLength(3);
    for (const [k, id] of run.responseIds.entries()) {
      const got = await getPath(loopSim.url, `/responses/${id}`);
      expect(got.status).toBe(200);
      const body = JSON.parse(got.text);
      expect(specErrors("Response", body)).toEqual([]);
      expect(body).toEqual(JSON.parse(run.replies[k]!.text));
      expect(body.previous_response_id).toBe(k === 0 ? null : run.responseIds[k - 1]);
    }
  });

  test("a response sent with store: false is not kept (404), nor is an id never issued; a previous_response_id the simulator never stored is a 404 naming the parameter", async () => {
    const run = await driveLoop(loopSim.url, { api: "responses", stream: false, model: "sim-exact", user: loopKey(1), attempt: "loop-1/7" });
    const notKept = await getPath(loopSim.url, `/responses/${run.responseIds[0]}`);
    expect(notKept.status).toBe(404);
    expect(specErrors("ErrorResponse", JSON.parse(notKept.text))).toEqual([]);
    const unknown = await postJson(loopSim.url, "/responses", { model: "sim-exact", input: [{ type: "function_call_output", call_id: "call_x", output: "{}" }], previous_response_id: "resp_never", store: true });
    expect(unknown.status).toBe(404);
    const error = JSON.parse(unknown.text);
    expect(specErrors("ErrorResponse", error)).toEqual([]);
    expect(error.error).toMatchObject({ type: "invalid_request_error", param: "previous_response_id", code: "previous_response_not_found" });
    expect(error.error.message).toContain("resp_never");
  });
});

describe("stored responses' input items", () => {
  test("GET /v1/responses/{id}/input_items lists the request's input as the spec's ResponseItemList: newest first by default, paged with after and limit, ids stable", async () => {
    const input = [
      { role: "developer", content: "Route tickets." },
      { role: "user", content: [{ type: "input_text", text: textKey(2) }] },
      { type: "function_call", call_id: "call_1", name: "lookup_order", arguments: "{\"order_id\":\"ORD-1\"}" },
      { type: "function_call_output", call_id: "call_1", output: "{\"status\":\"shipped\"}" },
      { role: "assistant", content: "It shipped." },
      { type: "message", role: "user", content: "Thanks, and the other one?" },
    ];
    const res = await postJson(sim.url, "/responses", { model: "sim-exact", input, store: true, instructions: "Be brief." });
    expect(res.status).toBe(200);
    const id = String(JSON.parse(res.text).id);
    const all = JSON.parse((await getPath(sim.url, `/responses/${id}/input_items?order=asc&limit=100`)).text);
    expect(specErrors("ResponseItemList", all)).toEqual([]);
    expect(all.data.map((item: { type: string; role?: string }) => item.role ?? item.type)).toEqual(["developer", "user", "function_call", "function_call_output", "assistant", "user"]);
    expect(all.data[0].content).toEqual([{ type: "input_text", text: "Route tickets." }]);
    expect(all.data[4].content).toEqual([{ type: "output_text", text: "It shipped.", annotations: [], logprobs: [] }]);
    expect(all.has_more).toBe(false);
    const ids = all.data.map((item: { id: string }) => item.id);
    expect(new Set(ids).size).toBe(6);
    // The default order is desc, as the API's; `after` continues from an item id.
    const first = JSON.parse((await getPath(sim.url, `/responses/${id}/input_items?limit=4`)).text);
    expect(specErrors("ResponseItemList", first)).toEqual([]);
    expect(first.data.map((item: { id: string }) => item.id)).toEqual([...ids].reverse().slice(0, 4));
    expect(first).toMatchObject({ has_more: true, first_id: ids[5], last_id: ids[2] });
    const rest = JSON.parse((await getPath(sim.url, `/responses/${id}/input_items?limit=4&after=${first.last_id}`)).text);
    expect(rest.data.map((item: { id: string }) => item.id)).toEqual([ids[1], ids[0]]);
    expect(rest.has_more).toBe(false);
    // A string input is one user message.
    const plain = await postJson(sim.url, "/responses", { model: "sim-exact", input: textKey(3), store: true });
    const items = JSON.parse((await getPath(sim.url, `/responses/${JSON.parse(plain.text).id}/input_items`)).text);
    expect(specErrors("ResponseItemList", items)).toEqual([]);
    expect(items.data).toEqual([{ id: expect.stringMatching(/^msg_/), type: "message", role: "user", status: "completed", content: [{ type: "input_text", text: textKey(3) }] }]);
    const missing = await getPath(sim.url, "/responses/resp_nope/input_items");
    expect(missing.status).toBe(404);
    expect(specErrors("ErrorResponse", JSON.parse(missing.text))).toEqual([]);
  });
});

describe("stored chat completions", () => {
  let stored: RunningSimulator;
  beforeAll(async () => {
    stored = await startSimulator({ seed: 3, models: { "sim-exact": { accuracy: 1 } }, stored: { max: 50 } }, routingIndex(CASES));
  });
  afterAll(async () => stored.close());

  /**
   * The spec types a listed message as ChatCompletionResponseMessage, whose `role` enum holds
   * only "assistant", though its own example lists a user message: every other field is
   * validated as is, the role against the request roles (docs/simulator.md).
   */
  function messageListErrors(body: { data: Array<Record<string, unknown>> }): string[] {
    const roles = ["system", "developer", "user", "assistant", "tool"];
    const asAssistant = { ...body, data: body.data.map((m) => ({ ...m, role: "assistant" })) };
    return [...specErrors("ChatCompletionMessageList", asAssistant), ...body.data.filter((m) => !roles.includes(String(m.role))).map((m) => `role ${String(m.role)}`)];
  }

  test("completions sent with store: true are listed, filtered, paged, fetched and their messages listed, each reply valid against the spec", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const shape: Shape = i % 2 === 0 ? "tools" : "json_strict";
      const body = { ...chatBody({ model: "sim-exact", user: userFor(shape, i), shape, stream: i === 3, instructions: "Route tickets." }), store: true, metadata: { route: i % 2 === 0 ? "shipping" : "billing" } };
      const res = await postJson(stored.url, "/chat/completions", body, { "x-evalgate-attempt": `stored-${i}/0` });
      expect(res.status).toBe(200);
      ids.push(i === 3 ? String(JSON.parse(parseSse(res.text)[0]!.data).id) : String(JSON.parse(res.text).id));
    }
    await postJson(stored.url, "/chat/completions", chatBody({ model: "sim-exact", user: textKey(0), shape: "text", stream: false }));
    const all = JSON.parse((await getPath(stored.url, "/chat/completions?limit=100")).text);
    expect(specErrors("ChatCompletionList", all)).toEqual([]);
    expect(all.data.map((c: { id: string }) => c.id)).toEqual(ids);
    const page1 = JSON.parse((await getPath(stored.url, "/chat/completions?limit=2&metadata%5Broute%5D=shipping")).text);
    expect(page1.data.map((c: { id: string }) => c.id)).toEqual([ids[0], ids[2]]);
    expect(page1.has_more).toBe(true);
    const page2 = JSON.parse((await getPath(stored.url, `/chat/completions?limit=2&metadata%5Broute%5D=shipping&after=${page1.last_id}`)).text);
    expect(page2.data.map((c: { id: string }) => c.id)).toEqual([ids[4], ids[6]]);
    expect(page2.has_more).toBe(false);
    const one = JSON.parse((await getPath(stored.url, `/chat/completions/${ids[1]}`)).text);
    expect(specErrors("CreateChatCompletionResponse", one)).toEqual([]);
    expect(one.metadata).toEqual({ route: "billing" });
    const messages = JSON.parse((await getPath(stored.url, `/chat/completions/${ids[1]}/messages`)).text);
    expect(messageListErrors(messages)).toEqual([]);
    expect(messages.data.map((m: { role: string }) => m.role)).toEqual(["system", "user"]);
    const missing = await getPath(stored.url, "/chat/completions/chatcmpl-nope");
    expect(missing.status).toBe(404);
    expect(specErrors("ErrorResponse", JSON.parse(missing.text))).toEqual([]);
  });
});

describe("the Batch API", () => {
  let now = Date.UTC(2026, 0, 5);
  let batchSim: RunningSimulator;
  beforeAll(async () => {
    batchSim = await startSimulator({ seed: 11, models: { "sim-noisy": { accuracy: 0 } }, batch: { seconds_per_stage: 1 } }, routingIndex(CASES), { clock: () => now });
  });
  afterAll(async () => batchSim.close());

  test.each(["chat", "responses"] as const)("%s: the file, the batch at every status, the list and every output line validate against the spec", async (api) => {
    const client = sdkClient(batchSim.url);
    const endpoint = api === "chat" ? "/v1/chat/completions" : "/v1/responses";
    const lines = SHAPES.flatMap((shape) =>
      [0, 1, 2].map((i) => {
        const o = { model: "sim-noisy", user: userFor(shape, i), shape, stream: false };
        return { custom_id: `${shape}-${i}/0`, body: api === "chat" ? chatBody(o) : responsesBody(o) };
      }),
    );
    lines.push({ custom_id: "bad/0", body: { model: "sim-noisy" } });
    const file = await client.files.create({ file: new File([inputJsonl(endpoint, lines)], "in.jsonl"), purpose: "batch" });
    expect(specErrors("OpenAIFile", file)).toEqual([]);
    let batch = await submit(client, endpoint, inputJsonl(endpoint, lines), { run: "r", chunk: "c" });
    const statuses: string[] = [];
    for (;;) {
      expect(specErrors("Batch", batch), batch.status).toEqual([]);
      statuses.push(batch.status);
      if (batch.status === "completed") break;
      now += 1000;
      batch = await client.batches.retrieve(batch.id);
    }
    expect(statuses).toEqual(["validating", "in_progress", "finalizing", "completed"]);
    expect(specErrors("ListBatchesResponse", await (await fetch(`${batchSim.url}/batches?limit=2`, { headers: { authorization: "Bearer sk-test" } })).json())).toEqual([]);
    const output = await fileLines<{ response: { body: unknown } }>(client, batch.output_file_id);
    expect(output).toHaveLength(lines.length - 1);
    for (const line of output) expect(specErrors(api === "chat" ? "CreateChatCompletionResponse" : "Response", line.response.body)).toEqual([]);
    const [rejected] = await fileLines<{ response: { status_code: number; body: unknown } }>(client, batch.error_file_id);
    expect(rejected?.response.status_code).toBe(400);
    expect(specErrors("ErrorResponse", rejected?.response.body)).toEqual([]);
    expect(specErrors("DeleteFileResponse", await client.files.delete(file.id))).toEqual([]);
  });

  test("a failed and a cancelled batch validate against the spec", async () => {
    const client = sdkClient(batchSim.url);
    let failed = await submit(client, "/v1/chat/completions", "not json\n");
    let cancelled = await client.batches.cancel((await submit(client, "/v1/chat/completions", inputJsonl("/v1/chat/completions", [{ custom_id: "x", body: chatBody({ model: "sim-noisy", user: "hi", shape: "text", stream: false }) }]))).id);
    expect(specErrors("Batch", cancelled)).toEqual([]);
    now += 1000;
    failed = await client.batches.retrieve(failed.id);
    cancelled = await client.batches.retrieve(cancelled.id);
    expect([failed.status, cancelled.status]).toEqual(["failed", "cancelled"]);
    expect(specErrors("Batch", failed)).toEqual([]);
    expect(specErrors("Batch", cancelled)).toEqual([]);
  });
});
