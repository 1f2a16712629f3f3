import OpenAI from "openai";
import type { Response, ResponseItem } from "openai/resources/responses/responses";
import { EvalgateError } from "../core/index.js";
import type { LoggedExchange } from "./logged-exchange.js";
import { memorySource, type ExchangeSource } from "./sources.js";

export interface ResponsesByIdOptions {
  baseURL: string;
  apiKey: string;
  /** Response ids, in the order of the ids file, each with its line (errors name it). */
  ids: ReadonlyArray<{ id: string; line: number }>;
  /** The ids file as the user named it. */
  file: string;
}

type Json = Record<string, unknown>;

/**
 * Stored Responses fetched by id (the API lists none): each with `client.responses.retrieve`
 * (`GET /v1/responses/{id}`) and its input with `client.responses.inputItems.list`
 * (`GET /v1/responses/{id}/input_items`, in order, paged). Unlike stored chat completions, a
 * response echoes what its request set — instructions, tools, tool_choice, the output format,
 * sampling params, metadata — so the request is rebuilt from it, no `--prompt` needed. An id
 * the API does not hold (never stored, or past its retention) is left out and counted.
 */
export async function responsesByIdSource(o: ResponsesByIdOptions): Promise<ExchangeSource> {
  const client = new OpenAI({ baseURL: o.baseURL, apiKey: o.apiKey, maxRetries: 2 });
  const exchanges: LoggedExchange[] = [];
  let missing = 0;
  for (const { id, line } of o.ids) {
    try {
      const response = await client.responses.retrieve(id);
      const items: ResponseItem[] = [];
      for await (const item of client.responses.inputItems.list(id, { order: "asc", limit: 100 })) items.push(item);
      exchanges.push(exchangeOf(response, items));
    } catch (e) {
      if (e instanceof OpenAI.NotFoundError) {
        missing++;
        continue;
      }
      if (e instanceof OpenAI.APIError) {
        throw new EvalgateError("ENDPOINT_UNREACHABLE", `fetching response ${id} (${o.file}:${line}) from ${o.baseURL} failed: ${e.status ?? ""} ${e.message}`.trim(), {
          location: { file: o.file, line },
          hint: "check --base-url and the key's variable (--api-key-env); only responses created with store on (the API's default) can be fetched",
        });
      }
      throw e;
    }
  }
  const source = memorySource(`${o.ids.length.toLocaleString("en-US")} stored responses by id (${o.file}) at ${o.baseURL}`, exchanges);
  return missing ? { ...source, leftOut: { "the API holds no response with that id (never stored, or past its retention)": missing } } : source;
}

/** A retrieved response and its input items as a logged Responses exchange. */
export function exchangeOf(response: Response, items: readonly ResponseItem[]): LoggedExchange {
  const r = response as unknown as Json;
  const metadata = stringMap(r.metadata);
  return {
    api: "responses",
    request: requestOf(r, items.map((i) => inputItem(i as unknown as Json))),
    response: r,
    metadata,
    latencyMs: null,
    created: typeof r.created_at === "number" ? r.created_at : null,
    label: metadata.label,
  };
}

/**
 * The request as the response echoes it. A `temperature` or `top_p` of 1 and a `medium`
 * verbosity are the API's defaults, reported whether or not they were sent: read as not set
 * (so a replay on a reasoning model is not sent a temperature it refuses).
 */
function requestOf(r: Json, input: Json[]): Json {
  const req: Json = { model: r.model, input };
  if (typeof r.instructions === "string" && r.instructions !== "") req.instructions = r.instructions;
  if (Array.isArray(r.tools) && r.tools.length) req.tools = r.tools;
  if (r.tool_choice !== undefined && r.tool_choice !== null && r.tool_choice !== "auto") req.tool_choice = r.tool_choice;
  const text = isMap(r.text) ? r.text : {};
  const format = isMap(text.format) && text.format.type !== "text" ? text.format : undefined;
  const verbosity = typeof text.verbosity === "string" && text.verbosity !== "medium" ? text.verbosity : undefined;
  if (format || verbosity) req.text = { ...(format ? { format } : {}), ...(verbosity ? { verbosity } : {}) };
  if (typeof r.temperature === "number" && r.temperature !== 1) req.temperature = r.temperature;
  if (typeof r.top_p === "number" && r.top_p !== 1) req.top_p = r.top_p;
  if (typeof r.max_output_tokens === "number") req.max_output_tokens = r.max_output_tokens;
  const reasoning = isMap(r.reasoning) ? r.reasoning : {};
  if (typeof reasoning.effort === "string") req.reasoning = { effort: reasoning.effort, ...(typeof reasoning.summary === "string" ? { summary: reasoning.summary } : {}) };
  if (isMap(r.metadata) && Object.keys(r.metadata).length) req.metadata = r.metadata;
  // Kept so the mapping leaves such a response out: it cannot be replayed alone.
  if (typeof r.previous_response_id === "string") req.previous_response_id = r.previous_response_id;
  if (r.conversation !== undefined && r.conversation !== null) req.conversation = r.conversation;
  return req;
}

/** An item resource as a request's input item: its id, status and creator dropped; an assistant message's parts as text parts. */
function inputItem(item: Json): Json {
  const { id: _id, status: _status, created_by: _by, ...rest } = item;
  if (rest.type === "message" && rest.role === "assistant" && Array.isArray(rest.content)) {
    rest.content = (rest.content as Json[]).map((p) => (p.type === "output_text" ? { type: "output_text", text: p.text } : p));
  }
  return rest;
}

function isMap(v: unknown): v is Json {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> {
  if (!isMap(v)) return {};
  return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
}
