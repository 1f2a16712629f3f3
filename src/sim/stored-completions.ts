import { readFileSync } from "node:fs";
import { EvalgateError } from "../core/errors.js";
import { invalidRequest, SimHttpError } from "./wire-errors.js";

/**
 * The simulator's stored chat completions (docs/simulator.md "Stored completions"): what
 * `GET /v1/chat/completions`, `…/{id}` and `…/{id}/messages` serve. Seeded from a
 * logged-exchange JSONL (its Chat lines with a reply) and from requests sent with
 * `store: true`; at most `max` kept, the oldest dropped first; listed in the order stored.
 */
interface Stored {
  completion: Record<string, unknown>;
  messages: Record<string, unknown>[];
  metadata: Record<string, string>;
}

export interface ListQuery {
  model?: string;
  metadata: Record<string, string>;
  after?: string;
  limit: number;
  order: "asc" | "desc";
}

export class StoredCompletions {
  private readonly byId = new Map<string, Stored>();

  constructor(private readonly max: number) {}

  /** A completion and the request messages that produced it. */
  add(completion: Record<string, unknown>, requestMessages: unknown[], metadata: Record<string, string>): void {
    const id = String(completion.id);
    this.byId.delete(id);
    this.byId.set(id, { completion: { ...completion, metadata }, messages: requestMessages.map((m, i) => storeMessage(m, `${id}-${i}`)), metadata });
    if (this.byId.size > this.max) this.byId.delete(this.byId.keys().next().value as string);
  }

  /** `GET /v1/chat/completions` [S: ChatCompletionList]. */
  list(q: ListQuery): Record<string, unknown> {
    let items = [...this.byId.values()].filter((s) => (q.model === undefined || s.completion.model === q.model) && Object.entries(q.metadata).every(([k, v]) => s.metadata[k] === v));
    if (q.order === "desc") items = items.reverse();
    const start = q.after === undefined ? 0 : items.findIndex((s) => s.completion.id === q.after) + 1;
    if (q.after !== undefined && start === 0) throw invalidRequest(`No chat completion found with id '${q.after}' to list after.`, "after");
    const page = items.slice(start, start + q.limit).map((s) => s.completion);
    return { object: "list", data: page, first_id: String(page[0]?.id ?? ""), last_id: String(page.at(-1)?.id ?? ""), has_more: start + q.limit < items.length };
  }

  /** `GET /v1/chat/completions/{id}` [S: CreateChatCompletionResponse]. */
  get(id: string): Record<string, unknown> {
    return this.find(id).completion;
  }

  /** `GET /v1/chat/completions/{id}/messages` [S: ChatCompletionMessageList]. */
  messages(id: string, q: Pick<ListQuery, "after" | "limit" | "order">): Record<string, unknown> {
    let items = this.find(id).messages;
    if (q.order === "desc") items = [...items].reverse();
    const start = q.after === undefined ? 0 : items.findIndex((m) => m.id === q.after) + 1;
    const page = items.slice(start, start + q.limit);
    return { object: "list", data: page, first_id: String(page[0]?.id ?? ""), last_id: String(page.at(-1)?.id ?? ""), has_more: start + q.limit < items.length };
  }

  private find(id: string): Stored {
    const s = this.byId.get(id);
    if (!s) throw new SimHttpError(404, { message: `No chat completion found with id '${id}'.`, type: "invalid_request_error", param: null, code: null });
    return s;
  }

  /** Seeds the store from a logged-exchange JSONL: each Chat line with a `chat.completion` reply. */
  load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new EvalgateError("FILE_NOT_FOUND", `cannot read the stored completions file ${file}`, { location: { file } });
    }
    text.split("\n").forEach((line, i) => {
      if (line.trim() === "") return;
      let row: { request?: { messages?: unknown[]; metadata?: Record<string, string> }; response?: Record<string, unknown>; metadata?: Record<string, string> };
      try {
        row = JSON.parse(line) as typeof row;
      } catch {
        throw new EvalgateError("CONFIG_INVALID", `line ${i + 1} of the stored completions file is not JSON`, { location: { file, line: i + 1 } });
      }
      if (!Array.isArray(row.request?.messages) || row.response?.object !== "chat.completion") return;
      this.add(row.response, row.request.messages, { ...row.request.metadata, ...row.metadata });
    });
  }
}

/** A request message as the store lists it: an id, the message's fields, and what the list item requires (`content`, `refusal`). */
function storeMessage(m: unknown, id: string): Record<string, unknown> {
  const msg = (m !== null && typeof m === "object" ? m : {}) as Record<string, unknown>;
  const parts = Array.isArray(msg.content) ? msg.content : null;
  const text = typeof msg.content === "string" ? msg.content : parts ? parts.map((p) => (p as { text?: string }).text ?? "").join("") : null;
  return {
    id,
    role: msg.role,
    content: text,
    refusal: null,
    name: typeof msg.name === "string" ? msg.name : null,
    content_parts: parts,
    ...(Array.isArray(msg.tool_calls) ? { tool_calls: msg.tool_calls } : {}),
    ...(typeof msg.tool_call_id === "string" ? { tool_call_id: msg.tool_call_id } : {}),
  };
}

/** The list endpoints' query: `model`, `metadata[KEY]=VALUE`, `after`, `limit` (1–100, default 20), `order`. */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    const m = /^metadata\[(.+)\]$/.exec(k);
    if (m) metadata[m[1]!] = String(v);
  }
  const limit = query.limit === undefined ? 20 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidRequest(`Invalid 'limit': expected an integer from 1 to 100, got '${String(query.limit)}'.`, "limit");
  const order = query.order ?? "asc";
  if (order !== "asc" && order !== "desc") throw invalidRequest(`Invalid 'order': expected asc or desc.`, "order");
  return {
    ...(typeof query.model === "string" ? { model: query.model } : {}),
    metadata,
    ...(typeof query.after === "string" ? { after: query.after } : {}),
    limit,
    order,
  };
}
