/** Request bodies for both APIs, built from one description, as the provider would send them. */
import { ROUTE_TOOL_PARAMS, TICKET_SCHEMA } from "./sim-client.js";

export type Shape = "text" | "json_strict" | "json_loose" | "tools";

export interface BodyOptions {
  model: string;
  user: string;
  shape: Shape;
  stream: boolean;
  instructions?: string;
  maxOutputTokens?: number;
}

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
  if (o.shape === "tools") {
    body.tools = [{ type: "function", function: { name: "route_ticket", description: "Route a ticket", parameters: ROUTE_TOOL_PARAMS, strict: true } }];
  }
  return body;
}

export function responsesBody(o: BodyOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { model: o.model, input: [{ role: "user", content: o.user }] };
  if (o.instructions) body.instructions = o.instructions;
  if (o.stream) body.stream = true;
  if (o.maxOutputTokens) body.max_output_tokens = o.maxOutputTokens;
  if (o.shape === "json_strict" || o.shape === "json_loose") {
    body.text = { format: { type: "json_schema", name: "ticket", schema: TICKET_SCHEMA, strict: o.shape === "json_strict" } };
  }
  if (o.shape === "tools") {
    body.tools = [{ type: "function", name: "route_ticket", description: "Route a ticket", parameters: ROUTE_TOOL_PARAMS, strict: true }];
  }
  return body;
}
