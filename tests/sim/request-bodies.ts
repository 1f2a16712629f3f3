/** Request bodies for both APIs, built from one description, as the provider would send them. */
import { readFileSync } from "node:fs";
import { imageDataUrl } from "../../src/core/index.js";
import { NOTIFY_TOOL_PARAMS, ROUTE_TOOL_PARAMS, TICKET_SCHEMA } from "./sim-client.js";

/** `parallel_tools` offers two tools, for answers that call both at once; `text_image`: the text shape with the user's text followed by an image part (the 600×400 PNG fixture). */
export type Shape = "text" | "json_strict" | "json_loose" | "tools" | "parallel_tools" | "text_image";

/** The 600×400 PNG fixture as a data URL, as planning sends a local file. */
export const RECEIPT_DATA_URL = imageDataUrl("image/png", readFileSync(new URL("../fixtures/images/receipt.png", import.meta.url)));

export interface ImagePart {
  url: string;
  detail?: "auto" | "low" | "high";
}

export interface BodyOptions {
  model: string;
  user: string;
  shape: Shape;
  stream: boolean;
  instructions?: string;
  maxOutputTokens?: number;
  /** Further parameters, as the API names them (n, stop, logprobs, include, reasoning…). */
  extra?: Record<string, unknown>;
  /** Image parts after the user's text (the `text_image` shape sends the fixture, low detail, when none are given). */
  images?: ImagePart[];
}

function imagesOf(o: BodyOptions): ImagePart[] {
  return o.images ?? (o.shape === "text_image" ? [{ url: RECEIPT_DATA_URL, detail: "low" }] : []);
}

function chatUserContent(o: BodyOptions): unknown {
  const images = imagesOf(o);
  if (images.length === 0) return o.user;
  return [{ type: "text", text: o.user }, ...images.map((i) => ({ type: "image_url", image_url: { url: i.url, ...(i.detail ? { detail: i.detail } : {}) } }))];
}

function responsesUserContent(o: BodyOptions): unknown {
  const images = imagesOf(o);
  if (images.length === 0) return o.user;
  return [{ type: "input_text", text: o.user }, ...images.map((i) => ({ type: "input_image", image_url: i.url, detail: i.detail ?? "auto" }))];
}

const TOOLS = [
  { name: "route_ticket", description: "Route a ticket", parameters: ROUTE_TOOL_PARAMS },
  { name: "notify_customer", description: "Tell the customer", parameters: NOTIFY_TOOL_PARAMS },
];
const toolsFor = (shape: Shape) => (shape === "tools" ? TOOLS.slice(0, 1) : shape === "parallel_tools" ? TOOLS : []);

export function chatBody(o: BodyOptions): Record<string, unknown> {
  const messages: unknown[] = [];
  if (o.instructions) messages.push({ role: "system", content: o.instructions });
  messages.push({ role: "user", content: chatUserContent(o) });
  const body: Record<string, unknown> = { model: o.model, messages };
  if (o.stream) Object.assign(body, { stream: true, stream_options: { include_usage: true } });
  if (o.maxOutputTokens) body.max_completion_tokens = o.maxOutputTokens;
  if (o.shape === "json_strict" || o.shape === "json_loose") {
    body.response_format = { type: "json_schema", json_schema: { name: "ticket", schema: TICKET_SCHEMA, strict: o.shape === "json_strict" } };
  }
  const tools = toolsFor(o.shape);
  if (tools.length > 0) body.tools = tools.map((t) => ({ type: "function", function: { ...t, strict: true } }));
  return { ...body, ...o.extra };
}

export function responsesBody(o: BodyOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { model: o.model, input: [{ role: "user", content: responsesUserContent(o) }] };
  if (o.instructions) body.instructions = o.instructions;
  if (o.stream) body.stream = true;
  if (o.maxOutputTokens) body.max_output_tokens = o.maxOutputTokens;
  if (o.shape === "json_strict" || o.shape === "json_loose") {
    body.text = { format: { type: "json_schema", name: "ticket", schema: TICKET_SCHEMA, strict: o.shape === "json_strict" } };
  }
  const tools = toolsFor(o.shape);
  if (tools.length > 0) body.tools = tools.map((t) => ({ type: "function", ...t, strict: true }));
  return { ...body, ...o.extra };
}
