import OpenAI from "openai";
import { EvalgateError } from "../core/index.js";
import type { LoggedExchange } from "./logged-exchange.js";
import { memorySource, type ExchangeSource } from "./sources.js";

export interface StoredCompletionsOptions {
  baseURL: string;
  apiKey: string;
  model?: string;
  /** `metadata[KEY]=VALUE` filters. */
  metadata?: Record<string, string>;
  /** At most this many completions are fetched (newest last, as the API lists them). */
  limit: number;
}

/**
 * OpenAI's stored chat completions (`store: true`) as logged exchanges: listed with
 * `client.chat.completions.list` (paged with `after`, filtered by model and metadata) and
 * each one's messages with `client.chat.completions.messages.list`. The API keeps the
 * messages and the reply, not the tools, output schema or sampling params: `--prompt FILE`
 * supplies them. Fetched once, kept in memory up to `limit`, then read like a log.
 */
export async function storedCompletionsSource(o: StoredCompletionsOptions): Promise<ExchangeSource> {
  const client = new OpenAI({ baseURL: o.baseURL, apiKey: o.apiKey, maxRetries: 2 });
  const exchanges: LoggedExchange[] = [];
  try {
    const query = { limit: Math.min(100, o.limit), ...(o.model ? { model: o.model } : {}), ...(o.metadata && Object.keys(o.metadata).length ? { metadata: o.metadata } : {}) };
    for await (const completion of client.chat.completions.list(query)) {
      const messages: Record<string, unknown>[] = [];
      for await (const m of client.chat.completions.messages.list(completion.id, { limit: 100 })) messages.push(requestMessage(m as unknown as Record<string, unknown>));
      const metadata = ((completion as unknown as { metadata?: Record<string, string> | null }).metadata ?? {}) as Record<string, string>;
      exchanges.push({
        api: "chat",
        request: { model: completion.model, messages, metadata },
        response: completion as unknown as Record<string, unknown>,
        metadata,
        latencyMs: null,
        created: completion.created,
        label: metadata.label,
      });
      if (exchanges.length >= o.limit) break;
    }
  } catch (e) {
    if (e instanceof OpenAI.APIError) {
      throw new EvalgateError("ENDPOINT_UNREACHABLE", `listing stored chat completions at ${o.baseURL} failed: ${e.status ?? ""} ${e.message}`.trim(), { hint: "check --base-url and the key's variable (--api-key-env); only completions created with store: true are listed" });
    }
    throw e;
  }
  const filters = [o.model ? `model ${o.model}` : "", ...Object.entries(o.metadata ?? {}).map(([k, v]) => `metadata.${k}=${v}`)].filter(Boolean).join(", ");
  return memorySource(`stored chat completions at ${o.baseURL}${filters ? ` (${filters})` : ""}`, exchanges);
}

/** A stored message as a request message: its role, content, tool calls or tool_call_id (ids and content_parts dropped). */
function requestMessage(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role, content: m.content ?? null };
  if (Array.isArray(m.content_parts) && m.content_parts.length) out.content = m.content_parts;
  if (Array.isArray(m.tool_calls) && m.tool_calls.length) out.tool_calls = m.tool_calls;
  if (typeof m.tool_call_id === "string") out.tool_call_id = m.tool_call_id;
  return out;
}
