/** Request bodies for both APIs, built from one description, as the provider would send them. */
import { NOTIFY_TOOL_PARAMS, ROUTE_TOOL_PARAMS, TICKET_SCHEMA } from "./sim-client.js";

/** `parallel_tools` offers two tools, for answers that call both at once. */
export type Shape = "text" | "json_strict" | "json_loose" | "tools" | "parallel_tools";

export interface BodyOptions {
  model: string;
  user: string;
  shape: Shape;
  stream: boolean;
  instructions?: string;
  maxOutputTokens?: number;
  /** Further parameters, as the API names them (n, stop, logprobs, include, reasoning…). */
  extra?: Record<string, unknown>;
}

const TOOLS = [
  { name: "route_ticket", description: "Route a ticket", parameters: ROUTE_TOOL_PARAMS },
  { name: "notify_customer", description: "Tell the customer", parameters: NOTIFY_TOOL_PARAMS },
];
const toolsFor = (shape: Shape) => (shape === "tools" ? TOOLS.slice(0, 1) : shape === "parallel_tools" ? TOOLS : []);

export function chatBody(o: BodyOptions): Record<string, unknown> {
  const messages: unknown[] = [];
  if (o.instructions) messages.push({ role: "system", content: o.instructions });
  messages.push({ role: "user", content: o.user });
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
  const body: Record<string, unknown> = { model: o.model, input: [{ role: "user", content: o.user }] };
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
