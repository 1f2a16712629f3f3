import { readFileSync } from "node:fs";
import { imageDataUrl, sha256, type GenerateRequest, type ModelParams } from "../../src/core/index.js";

/** The prompt shapes every wire test runs over: each neutral feature at least once. */
const triageSchema = {
  type: "object",
  properties: { team: { type: "string", enum: ["billing", "shipping"] }, order_id: { type: "string" } },
  required: ["team", "order_id"],
  additionalProperties: false,
};

const lookupTool = {
  name: "lookup_order",
  description: "Find an order by id.",
  parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"], additionalProperties: false },
  strict: true,
};

/** The 600×400 PNG fixture as planning sends a local file: a data URL, with its hash and size beside it. */
const receipt = readFileSync(new URL("../fixtures/images/receipt.png", import.meta.url));
export const RECEIPT_IMAGE = {
  url: imageDataUrl("image/png", receipt),
  source: { sha256: sha256(receipt), mediaType: "image/png" as const, width: 600, height: 400, bytes: receipt.length },
};

export interface Shape {
  name: string;
  make(api: "chat" | "responses", stream: boolean): GenerateRequest;
}

function base(api: "chat" | "responses", stream: boolean, params: ModelParams = {}): GenerateRequest {
  return { api, model: "gpt-4.1-mini", messages: [], params, attempt: "case-1/0", stream };
}

export const SHAPES: Shape[] = [
  {
    name: "plain input",
    make: (api, stream) => ({ ...base(api, stream), messages: [{ role: "user", content: "Hello" }] }),
  },
  {
    name: "instructions + input + sampling params",
    make: (api, stream) => ({
      ...base(api, stream, { temperature: 0, top_p: 0.9, max_output_tokens: 256, seed: 7, stop: ["END"] }),
      instructions: "You triage support tickets.",
      messages: [{ role: "user", content: "Ticket: my parcel is late" }],
    }),
  },
  {
    name: "strict structured output",
    make: (api, stream) => ({
      ...base(api, stream, { temperature: 0 }),
      instructions: "Reply in JSON.",
      messages: [{ role: "user", content: "Ticket: refund ORD-1" }],
      output: { name: "triage", schema: triageSchema, strict: true },
    }),
  },
  {
    name: "non-strict structured output",
    make: (api, stream) => ({
      ...base(api, stream),
      messages: [{ role: "user", content: "Ticket: refund ORD-2" }],
      output: { name: "triage", schema: triageSchema, strict: false },
    }),
  },
  {
    name: "function tools with a forced choice",
    make: (api, stream) => ({
      ...base(api, stream),
      messages: [{ role: "user", content: "Where is ORD-3?" }],
      tools: [lookupTool, { name: "escalate", strict: false }],
      toolChoice: { name: "lookup_order" },
    }),
  },
  {
    name: "multi-turn with tool calls and tool results",
    make: (api, stream) => ({
      ...base(api, stream),
      instructions: "Be brief.",
      messages: [
        { role: "developer", content: "Answer with the order status." },
        { role: "user", content: "Where is ORD-4?" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", name: "lookup_order", arguments: { order_id: "ORD-4" } }] },
        { role: "tool", tool_call_id: "call_1", content: '{"status":"shipped"}' },
        { role: "assistant", content: "It has shipped." },
        { role: "user", content: "When will it arrive?" },
      ],
      tools: [lookupTool],
      toolChoice: "auto",
    }),
  },
  {
    name: "reasoning model with effort and store",
    make: (api, stream) => ({
      ...base(api, stream, { reasoning_effort: "low", max_output_tokens: 2048, temperature: 0.2, store: true }),
      model: "gpt-5-mini",
      instructions: "Think, then answer.",
      messages: [{ role: "system", content: "Extra system turn." }, { role: "user", content: "2+2?" }],
    }),
  },
  {
    name: "text and image parts (a local file as a data URL, an https URL)",
    make: (api, stream) => ({
      ...base(api, stream),
      instructions: "Read receipts.",
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "What is the total on this receipt?" },
          { type: "image", url: RECEIPT_IMAGE.url, detail: "low", source: RECEIPT_IMAGE.source },
          { type: "image", url: "https://example.com/receipts/7.png", detail: "auto" },
        ],
      }],
    }),
  },
];
