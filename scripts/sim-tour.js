#!/usr/bin/env node
// A tour of the simulator through the official openai SDK: one request of each kind,
// printed readably. Run `npm run build && node scripts/sim-tour.js`. Every reply is simulated.
import OpenAI from "openai";
import { startSimulator } from "../dist/sim/index.js";

const TICKET = "My order 4411 arrived broken. Who handles this?";
const schema = {
  type: "object",
  properties: { team: { type: "string", enum: ["billing", "shipping", "returns"] }, order_id: { type: "string" } },
  required: ["team", "order_id"],
  additionalProperties: false,
};
const sim = await startSimulator(
  { seed: 7, models: { "gpt-4.1-mini": { accuracy: 1 }, "gpt-5-mini": { accuracy: 1 } } },
  { entries: [{ caseId: "broken-order", keys: [TICKET], answer: { team: "returns", order_id: "4411" } }] },
);
const client = new OpenAI({ baseURL: sim.url, apiKey: "sk-demo", maxRetries: 0 });
const show = (title, value) => console.log(`\n▸ ${title}\n  ${typeof value === "string" ? value : JSON.stringify(value)}`);
const attempt = { headers: { "x-evalgate-attempt": "broken-order/0" } };

try {
  console.log(`simulator (simulated models) at ${sim.url}`);
  const chat = await client.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: TICKET }] }, attempt);
  show("chat.completions.create", { content: chat.choices[0].message.content, finish: chat.choices[0].finish_reason, usage: chat.usage.total_tokens });

  const stream = await client.chat.completions.create(
    { model: "gpt-4.1-mini", messages: [{ role: "user", content: TICKET }], stream: true, stream_options: { include_usage: true } }, attempt);
  let chunks = 0, text = "";
  for await (const c of stream) (chunks++, (text += c.choices[0]?.delta.content ?? ""));
  show("chat.completions.create (stream)", `${chunks} chunks → ${text}`);

  const resp = await client.responses.create({ model: "gpt-5-mini", instructions: "Route tickets.", input: TICKET }, attempt);
  show("responses.create (reasoning model)", { output_text: resp.output_text, reasoning_tokens: resp.usage.output_tokens_details.reasoning_tokens });

  const events = [];
  for await (const e of await client.responses.create({ model: "gpt-4.1-mini", input: TICKET, stream: true }, attempt)) events.push(e.type);
  show("responses.create (stream)", `${events.length} events: ${events[0]} … ${events.at(-1)}`);

  const tools = [{ type: "function", name: "route_ticket", parameters: schema, strict: true }];
  const call = await client.responses.create({ model: "gpt-4.1-mini", input: TICKET, tools, tool_choice: "required" }, attempt);
  const fc = call.output.find((o) => o.type === "function_call");
  show("tool call", `${fc.name}(${fc.arguments})`);

  const structured = await client.chat.completions.create(
    { model: "gpt-4.1-mini", messages: [{ role: "user", content: TICKET }], response_format: { type: "json_schema", json_schema: { name: "route", schema, strict: true } } }, attempt);
  show("structured output", JSON.parse(structured.choices[0].message.content));

  const emb = await client.embeddings.create({ model: "text-embedding-3-small", input: [TICKET, "a broken order"], encoding_format: "float" });
  const [a, b] = emb.data.map((d) => d.embedding);
  show("embeddings", `${emb.data.length} vectors of ${a.length} floats, cosine ${a.reduce((s, x, i) => s + x * b[i], 0).toFixed(3)}`);

  const models = [];
  for await (const m of client.models.list()) models.push(m.id);
  show("models.list", `${models.length} models: ${models.slice(0, 5).join(", ")}, …`);
} finally {
  await sim.close();
}
