/**
 * Every body and SSE event the simulator emits validates against the official OpenAI
 * spec (vendor/openai-spec/openapi.yaml, read at test time), over the matrix
 * (chat | responses) × (stream | not) × (text | json_schema strict/loose | tools)
 * × (answer | perturbed | fault).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { responseStreamEventSchemaFor, specErrors } from "../helpers/openapi.js";
import { fileLines, inputJsonl, sdkClient, submit } from "./batch-client.js";
import { chatBody, responsesBody, type Shape } from "./request-bodies.js";
import { jsonKey, parseSse, postJson, routingIndex, simInfo, textKey, toolKey, type RawResponse } from "./sim-client.js";

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
