/** The official `openai` SDK, pointed at the simulator, parses everything it sends. */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { ROUTE_TOOL_PARAMS, TICKET_SCHEMA, jsonKey, routingIndex, textKey, toolKey } from "./sim-client.js";

let sim: RunningSimulator;
let client: OpenAI;
const attempt = (tag: string) => ({ headers: { "x-evalgate-attempt": tag } });
const chatTool = { type: "function" as const, function: { name: "route_ticket", parameters: ROUTE_TOOL_PARAMS, strict: true } };
const respTool = { type: "function" as const, name: "route_ticket", parameters: ROUTE_TOOL_PARAMS, strict: true };
const jsonSchema = { name: "ticket", schema: TICKET_SCHEMA, strict: true };

beforeAll(async () => {
  sim = await startSimulator(
    { seed: 3, models: { "gpt-4.1-mini": { accuracy: 1 }, "gpt-5-mini": { accuracy: 1 }, "sim-flaky": { accuracy: 1, faults: { rate_limit: 1, server_error: 0, timeout: 0, broken_stream: 0 } } }, reject_keys: ["sk-revoked"] },
    routingIndex(4),
  );
  client = new OpenAI({ baseURL: sim.url, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(async () => sim.close());

describe("chat completions", () => {
  test("create returns the case's text answer with usage", async () => {
    const r = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: textKey(1) }] }, attempt("text-1/0"));
    expect(r.choices[0]!.message.content).toBe("Your order 10037 is handled by the shipping team.");
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage!.completion_tokens).toBeGreaterThan(5);
  });

  test("a streamed create yields chunks that rebuild the same answer, then the usage chunk", async () => {
    const stream = await client.chat.completions.create(
      { model: "gpt-4.1-mini", messages: [{ role: "user", content: textKey(1) }], stream: true, stream_options: { include_usage: true } },
      attempt("text-1/0"),
    );
    let text = "";
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Your order 10037 is handled by the shipping team.");
    expect(usage!.total_tokens).toBe(usage!.prompt_tokens + usage!.completion_tokens);
  });

  test("the stream helper's finalChatCompletion gives a tool call with parsable arguments", async () => {
    const runner = client.chat.completions.stream(
      { model: "gpt-4.1-mini", messages: [{ role: "user", content: toolKey(2) }], tools: [chatTool], stream_options: { include_usage: true } },
      attempt("tool-2/0"),
    );
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call.type === "function" && JSON.parse(call.function.arguments)).toEqual({ team: "returns", order_id: "10074" });
  });

  test("after the tool result the model answers in text, not with another call", async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: "user", content: toolKey(2) },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "route_ticket", arguments: "{}" } }] },
      { role: "tool", tool_call_id: "call_1", content: "ticket routed to returns" },
    ];
    const r = await client.chat.completions.create({ model: "gpt-4.1-mini", messages, tools: [chatTool] }, attempt("tool-2/0"));
    expect(r.choices[0]!.message.tool_calls).toBeUndefined();
    expect(r.choices[0]!.message.content).toContain("ticket routed to returns");
  });

  test("structured output parses as JSON that fits the schema", async () => {
    const r = await client.chat.completions.create(
      { model: "gpt-4.1-mini", messages: [{ role: "user", content: jsonKey(0) }], response_format: { type: "json_schema", json_schema: jsonSchema } },
      attempt("json-0/0"),
    );
    expect(JSON.parse(r.choices[0]!.message.content!)).toEqual({ team: "billing", order_id: "10000", urgent: true });
  });
});

describe("responses", () => {
  test("create returns output_text and a reasoning item for a reasoning model", async () => {
    const r = await client.responses.create({ model: "gpt-5-mini", instructions: "Be brief.", input: textKey(3) }, attempt("text-3/0"));
    expect(r.output_text).toBe("Your order 10111 is handled by the technical team.");
    expect(r.output[0]!.type).toBe("reasoning");
    expect(r.usage!.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  test("a streamed create yields the event sequence with rising sequence numbers", async () => {
    const stream = await client.responses.create({ model: "gpt-4.1-mini", input: textKey(3), stream: true }, attempt("text-3/0"));
    const types: string[] = [];
    let seq = -1;
    for await (const event of stream) {
      types.push(event.type);
      expect(event.sequence_number).toBe(seq + 1);
      seq = event.sequence_number;
    }
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(types).toContain("response.output_text.delta");
  });

  test("the stream helper's finalResponse gives the function call", async () => {
    const stream = client.responses.stream({ model: "gpt-5-mini", input: toolKey(0), tools: [respTool], tool_choice: "required" }, attempt("tool-0/0"));
    const final = await stream.finalResponse();
    const call = final.output.find((o) => o.type === "function_call");
    expect(call && call.type === "function_call" && JSON.parse(call.arguments)).toEqual({ team: "billing", order_id: "10000" });
  });

  test("structured output through the stream helper is the schema-valid answer", async () => {
    const stream = client.responses.stream(
      { model: "gpt-4.1-mini", input: jsonKey(1), text: { format: { type: "json_schema", ...jsonSchema } } },
      attempt("json-1/0"),
    );
    const final = await stream.finalResponse();
    const message = final.output.find((o) => o.type === "message");
    const part = message && message.type === "message" ? message.content[0] : undefined;
    expect(part && part.type === "output_text" && JSON.parse(part.text)).toEqual({ team: "shipping", order_id: "10037", urgent: false });
  });

  test("a function_call_output in the input gets a text reply", async () => {
    const r = await client.responses.create(
      {
        model: "gpt-4.1-mini",
        input: [
          { role: "user", content: toolKey(0) },
          { type: "function_call", call_id: "call_9", name: "route_ticket", arguments: "{}" },
          { type: "function_call_output", call_id: "call_9", output: "routed" },
        ],
        tools: [respTool],
      },
      attempt("tool-0/0"),
    );
    expect(r.output_text).toContain("routed");
  });
});

describe("embeddings, models and errors", () => {
  test("embeddings come back as float vectors (and as base64, which the SDK decodes)", async () => {
    const floats = await client.embeddings.create({ model: "text-embedding-3-small", input: ["a refund", "a refund"], encoding_format: "float" });
    expect(floats.data[0]!.embedding).toHaveLength(1536);
    expect(floats.data[0]!.embedding).toEqual(floats.data[1]!.embedding);
    const b64 = await client.embeddings.create({ model: "text-embedding-3-small", input: "a refund" });
    expect(b64.data[0]!.embedding[0]).toBeCloseTo(floats.data[0]!.embedding[0]!, 6);
  });

  test("models.list pages through the models", async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toContain("gpt-5-mini");
  });

  test("errors reach the SDK as its typed errors with status, code and param", async () => {
    await expect(client.chat.completions.create({ model: "sim-flaky", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({
      status: 429, code: "rate_limit_exceeded", constructor: OpenAI.RateLimitError,
    });
    await expect(client.responses.create({ model: "gpt-5-mini", input: "hi", temperature: 0.2 })).rejects.toMatchObject({
      status: 400, param: "temperature", constructor: OpenAI.BadRequestError,
    });
    const revoked = new OpenAI({ baseURL: sim.url, apiKey: "sk-revoked", maxRetries: 0 });
    await expect(revoked.models.list()).rejects.toMatchObject({ status: 401, code: "invalid_api_key", constructor: OpenAI.AuthenticationError });
  });
});
