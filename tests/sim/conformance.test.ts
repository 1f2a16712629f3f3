/**
 * Every body and SSE event the simulator emits validates against the official OpenAI
 * spec (vendor/openai-spec/openapi.yaml, read at test time), over the matrix
 * (chat | responses) × (stream | not) × (text | json_schema strict/loose | tools)
 * × (answer | perturbed | fault).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { responseStreamEventSchemaFor, specErrors } from "../helpers/openapi.js";
import { chatBody, responsesBody, type Shape } from "./request-bodies.js";
import { getPath, jsonKey, parseSse, postJson, routingIndex, simInfo, textKey, toolKey, type RawResponse } from "./sim-client.js";

const CASES = 10;
const MODES = { answer: "sim-exact", perturbed: "sim-noisy", fault: "sim-faulty" } as const;
const SHAPES: Shape[] = ["text", "json_strict", "json_loose", "tools"];
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator(
    {
      seed: 11,
      models: {
        "sim-exact": { accuracy: 1 },
        "sim-noisy": { accuracy: 0 },
        "sim-faulty": { accuracy: 0.5, faults: { rate_limit: 0.2, server_error: 0.2, timeout: 0, broken_stream: 0.4 } },
      },
      retry_after_ms: 1500,
    },
    routingIndex(CASES),
  );
});
afterAll(async () => sim.close());

function userFor(shape: Shape, i: number): string {
  return shape === "text" ? textKey(i) : shape === "tools" ? toolKey(i) : jsonKey(i);
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
      errors.push(...specErrors("CreateChatCompletionStreamResponse", JSON.parse(m.data)).map((e) => `chunk: ${e}`));
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
    terminal ||= ["response.completed", "response.incomplete", "response.failed"].includes(event.type);
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
