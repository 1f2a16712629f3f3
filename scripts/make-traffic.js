#!/usr/bin/env node
// Writes a deterministic log of production traffic in the logged-exchange format
// (docs/migration-guide.md): one Chat Completions (or, with --api responses, Responses)
// request a line with the reply it got, its metadata (route, tenant), latency and time.
// Structured outputs (billing), tool calls and tool results (shipping), text (technical,
// account); about a fifth of the lines repeat an earlier request, 4% have no logged reply,
// and with --plant-secrets some user messages carry an email, a card number and an API key.
//
//   node scripts/make-traffic.js --lines 2000 --out traffic.jsonl [--seed 1] [--api chat|responses] [--plant-secrets]
import { createWriteStream } from "node:fs";
import { createRng } from "../dist/core/random.js";

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const LINES = Number(flag("lines", "2000"));
const OUT = flag("out", "traffic.jsonl");
const SEED = Number(flag("seed", "1"));
const API = flag("api", "chat");
const PLANT = args.includes("--plant-secrets");
const MODEL = "gpt-4.1-mini";

// core's seeded generator (mulberry32): the same numbers on every machine.
const rand = createRng(SEED);
const pick = (list) => list[Math.floor(rand() * list.length)];

/** Secrets planted for the redaction test: what no file evalgate writes may contain. */
export const PLANTED = { email: "jane.doe@example.com", card: "4111 1111 1111 1111", key: "sk-proj-PLANTEDsecretKEY0123456789abcd" };

const ROUTES = [
  { route: "billing", share: 0.35 },
  { route: "shipping", share: 0.3 },
  { route: "technical", share: 0.2 },
  { route: "account", share: 0.15 },
];
const TENANTS = ["acme", "globex", "initech"];
const TRIAGE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["team", "order_id", "priority"],
  properties: { team: { type: "string", enum: ["billing", "refunds", "fraud"] }, order_id: { type: "string" }, priority: { type: "string", enum: ["low", "high"] } },
};
const LOOKUP_TOOL = { name: "lookup_order", description: "Find an order by id", parameters: { type: "object", additionalProperties: false, required: ["order_id"], properties: { order_id: { type: "string" } } }, strict: true };
const FIXES = ["Restart the router and wait two minutes.", "Clear the app cache, then sign in again.", "Update the firmware from the settings page.", "Check that the cable is in the WAN port."];
const ACCOUNT = ["Your password was reset: check your inbox.", "Two-factor authentication is now on.", "Your plan changes at the next billing date.", "The account was merged into the older one."];

function draw() {
  let u = rand();
  for (const r of ROUTES) {
    if (u < r.share) return r.route;
    u -= r.share;
  }
  return ROUTES[0].route;
}

/** A neutral exchange: instructions, messages, tools/output, and the reply (text, json or a tool call). */
function exchange(i) {
  const route = draw();
  const order = `ORD-${10000 + Math.floor(rand() * 89999)}`;
  const secret = PLANT && i % 50 === 7 ? ` Reach me at ${PLANTED.email}, card ${PLANTED.card}, token ${PLANTED.key}.` : "";
  if (route === "billing") {
    const team = pick(["billing", "refunds", "fraud"]);
    const priority = pick(["low", "high"]);
    return {
      route,
      instructions: "Triage the ticket: team, order id and priority, as JSON.",
      messages: [{ role: "user", content: `Ticket #${i}: I was charged twice for order ${order} (${team}, ${priority}).${secret}` }],
      output: { name: "triage", schema: TRIAGE_SCHEMA },
      reply: { json: { team, order_id: order, priority } },
    };
  }
  if (route === "shipping") {
    const user = { role: "user", content: `Ticket #${i}: where is my order ${order}?${secret}` };
    if (rand() < 0.3) {
      const call = { id: `call_${i}`, name: "lookup_order", arguments: { order_id: order } };
      const status = pick(["in transit", "delivered", "delayed at the depot"]);
      return {
        route,
        instructions: "Answer shipping questions. Look orders up with the tool.",
        messages: [user, { role: "assistant", content: null, tool_calls: [call] }, { role: "tool", tool_call_id: call.id, content: JSON.stringify({ order_id: order, status }) }],
        tools: [LOOKUP_TOOL],
        reply: { text: `Order ${order} is ${status}.` },
      };
    }
    return { route, instructions: "Answer shipping questions. Look orders up with the tool.", messages: [user], tools: [LOOKUP_TOOL], reply: { tool: "lookup_order", arguments: { order_id: order } } };
  }
  const answers = route === "technical" ? FIXES : ACCOUNT;
  return { route, instructions: `You are the ${route} support assistant. Answer in one sentence.`, messages: [{ role: "user", content: `Ticket #${i}: ${route} question about ${order}.${secret}` }], reply: { text: pick(answers) } };
}

const tokens = (text) => Math.max(1, Math.ceil(text.length / 4));

function chatRequest(x) {
  const messages = [{ role: "system", content: x.instructions }, ...x.messages.map((m) =>
    m.role === "assistant" ? { role: "assistant", content: null, tool_calls: m.tool_calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } })) } : m)];
  const body = { model: MODEL, messages, temperature: 0, max_completion_tokens: 256, metadata: { route: x.route } };
  if (x.tools) body.tools = x.tools.map((t) => ({ type: "function", function: t }));
  if (x.output) body.response_format = { type: "json_schema", json_schema: { ...x.output, strict: true } };
  return body;
}

function chatResponse(x, i, created, input) {
  const r = x.reply;
  const message = { role: "assistant", content: null, refusal: null, annotations: [] };
  let finish = "stop";
  let out = "";
  if (r.tool) {
    out = JSON.stringify(r.arguments);
    message.tool_calls = [{ id: `call_r${i}`, type: "function", function: { name: r.tool, arguments: out } }];
    finish = "tool_calls";
  } else message.content = out = r.json ? JSON.stringify(r.json) : r.text;
  const usage = { prompt_tokens: input, completion_tokens: tokens(out), total_tokens: input + tokens(out), prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 } };
  return { id: `chatcmpl-log${i}`, object: "chat.completion", created, model: `${MODEL}-2025-04-14`, choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage, service_tier: "default" };
}

function responsesRequest(x) {
  const input = x.messages.flatMap((m) => {
    if (m.role === "assistant") return m.tool_calls.map((c) => ({ type: "function_call", call_id: c.id, name: c.name, arguments: JSON.stringify(c.arguments) }));
    if (m.role === "tool") return [{ type: "function_call_output", call_id: m.tool_call_id, output: m.content }];
    return [{ type: "message", role: m.role, content: m.content }];
  });
  const body = { model: MODEL, instructions: x.instructions, input, temperature: 0, max_output_tokens: 256, metadata: { route: x.route } };
  if (x.tools) body.tools = x.tools.map((t) => ({ type: "function", ...t }));
  if (x.output) body.text = { format: { type: "json_schema", ...x.output, strict: true } };
  return body;
}

function responsesResponse(x, i, created, input) {
  const r = x.reply;
  const out = r.tool ? JSON.stringify(r.arguments) : r.json ? JSON.stringify(r.json) : r.text;
  const output = r.tool
    ? [{ type: "function_call", id: `fc_${i}`, call_id: `call_r${i}`, name: r.tool, arguments: out, status: "completed" }]
    : [{ type: "message", id: `msg_${i}`, role: "assistant", status: "completed", content: [{ type: "output_text", text: out, annotations: [], logprobs: [] }] }];
  return {
    id: `resp_log${i}`, object: "response", created_at: created, status: "completed", completed_at: created + 1, error: null, incomplete_details: null,
    instructions: x.instructions, model: `${MODEL}-2025-04-14`, output, parallel_tool_calls: true, metadata: { route: x.route }, tool_choice: "auto", tools: [], temperature: 0, top_p: 1,
    usage: { input_tokens: input, input_tokens_details: { cached_tokens: 0 }, output_tokens: tokens(out), output_tokens_details: { reasoning_tokens: 0 }, total_tokens: input + tokens(out) },
  };
}

const file = createWriteStream(OUT);
const seen = [];
let created = 1767225600;
for (let i = 0; i < LINES; i++) {
  // About a fifth repeat an earlier request exactly (a retry, a popular question).
  const x = seen.length > 10 && rand() < 0.2 ? seen[Math.floor(rand() * seen.length)] : exchange(i);
  if (seen.length < 5000) seen.push(x);
  created += 1 + Math.floor(rand() * 30);
  const request = API === "chat" ? chatRequest(x) : responsesRequest(x);
  const input = tokens(JSON.stringify(request.messages ?? request.input)) + 20;
  const line = { request, metadata: { route: x.route, tenant: pick(TENANTS) }, latency_ms: 300 + Math.floor(rand() * 1700), created };
  if (API === "responses") line.api = "responses";
  // 4% of the log lost its reply (a timeout upstream, a logging gap).
  if (rand() >= 0.04) line.response = API === "chat" ? chatResponse(x, i, created, input) : responsesResponse(x, i, created, input);
  if (!file.write(`${JSON.stringify(line)}\n`)) await new Promise((ok) => file.once("drain", ok));
}
file.end();
