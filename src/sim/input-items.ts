import { hash } from "node:crypto";
import type { ListQuery } from "./stored-completions.js";

type Json = Record<string, unknown>;

/**
 * A stored response's input as `GET /v1/responses/{id}/input_items` lists it [S: ResponseItemList]:
 * each item of the request's `input` (a string is one user message) as an item resource —
 * with an id (its own when the request gave one, else derived from the response's id and its
 * position), a `status`, and message content as parts (`input_text` for user, system and
 * developer turns, `output_text` for assistant turns).
 */
export function inputItemResources(input: unknown, responseId: string): Json[] {
  const items = typeof input === "string" ? [{ role: "user", content: input }] : Array.isArray(input) ? (input as unknown[]) : [];
  return items.map((raw, i) => {
    const item = (raw !== null && typeof raw === "object" ? raw : {}) as Json;
    const type = typeof item.type === "string" ? item.type : "message";
    const id = typeof item.id === "string" ? item.id : itemId(type, responseId, i);
    if (type === "message") return messageResource(item, id);
    if (type === "function_call") return { id, type, call_id: item.call_id, name: item.name, arguments: item.arguments, status: "completed" };
    if (type === "function_call_output") return { id, type, call_id: item.call_id, output: item.output, status: "completed" };
    return { ...item, id };
  });
}

function messageResource(item: Json, id: string): Json {
  const assistant = item.role === "assistant";
  const parts = typeof item.content === "string" ? [{ type: assistant ? "output_text" : "input_text", text: item.content }] : Array.isArray(item.content) ? (item.content as Json[]) : [];
  const content = assistant ? parts.map((p) => (p.type === "output_text" || p.type === "input_text" ? { type: "output_text", text: p.text, annotations: p.annotations ?? [], logprobs: p.logprobs ?? [] } : p)) : parts;
  return { id, type: "message", role: item.role, status: "completed", content };
}

const PREFIX: Record<string, string> = { message: "msg_", function_call: "fc_", function_call_output: "fco_" };

function itemId(type: string, responseId: string, index: number): string {
  return `${PREFIX[type] ?? "item_"}${hash("sha256", `${responseId}\u0000${index}`, "hex").slice(0, 24)}`;
}

/** One page of items, `order` desc by default as the API lists them, after the item `after` names. */
export function pageOfItems(items: readonly Json[], q: Pick<ListQuery, "after" | "limit" | "order">): Json {
  const ordered = q.order === "asc" ? items : [...items].reverse();
  const start = q.after === undefined ? 0 : ordered.findIndex((m) => m.id === q.after) + 1;
  const page = ordered.slice(start, start + q.limit);
  return { object: "list", data: page, first_id: String(page[0]?.id ?? ""), last_id: String(page.at(-1)?.id ?? ""), has_more: start + q.limit < ordered.length };
}
