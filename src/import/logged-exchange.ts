import { EvalgateError, type Api, type SourceLocation } from "../core/index.js";

/**
 * The logged-exchange format (docs/migration-guide.md "The logged-exchange format"): one
 * JSON object a line, `{request, response?, metadata?, latency_ms?, created?, api?, label?, candidate?}` —
 * what `evalgate import` reads, and what `rollout check` and the shadow proxy read and write.
 * `request` and `response` are the API's own JSON (Chat Completions or Responses).
 */
export interface LoggedExchange {
  api: Api;
  request: Record<string, unknown>;
  /** Absent when the reply was not logged. */
  response: Record<string, unknown> | null;
  /** The line's `metadata`, over the request's own (`metadata` on a Chat or Responses request). */
  metadata: Record<string, string>;
  latencyMs: number | null;
  created: number | null;
  /** The expected answer, when the log carries one (`label`, or `metadata.label`). */
  label: unknown;
}

/** One line as written (what `--log` of the shadow proxy writes, and what a team's own logger may). */
export interface LoggedExchangeLine {
  request: unknown;
  response?: unknown;
  metadata?: Record<string, string>;
  latency_ms?: number;
  created?: number;
  api?: Api;
  label?: unknown;
  /**
   * What a candidate answered the same request (the shadow proxy's mirror): the same fields,
   * and its error when it failed. Kept beside the exchange for the record; import reads only
   * production's side.
   */
  candidate?: Omit<LoggedExchangeLine, "candidate" | "label" | "metadata"> & { error?: { kind: string; message: string; status: number | null } };
}

const FIELDS = ["request", "response", "metadata", "latency_ms", "created", "api", "label", "candidate"] as const satisfies ReadonlyArray<keyof LoggedExchangeLine>;

/** One line of a log: null for a blank line; bad input is TRAFFIC_INVALID at file:line:column. */
export function parseExchange(text: string, file: string, line: number): LoggedExchange | null {
  if (text.trim() === "") return null;
  const at = (col = 1): SourceLocation => ({ file, line, col });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new EvalgateError("TRAFFIC_INVALID", `line ${line} is not valid JSON: ${(e as Error).message.replace(/ in JSON at position \d+.*$/, "").replace(/ \(line \d+ column \d+\)$/, "")}`, {
      location: at(errorColumn(text, (e as Error).message)),
      hint: "a log holds one JSON object per line",
    });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new EvalgateError("TRAFFIC_INVALID", `line ${line} is not a JSON object`, { location: at(), hint: "each line is {request, response?, metadata?, latency_ms?, created?, api?}" });
  }
  const row = value as Record<string, unknown>;
  const col = (key: string) => Math.max(1, text.indexOf(`"${key}"`) + 1);
  const bad = (key: string, what: string) => new EvalgateError("TRAFFIC_INVALID", `line ${line}: \`${key}\` ${what}`, { location: at(col(key)), hint: "see the logged-exchange format in docs/migration-guide.md" });
  for (const key of Object.keys(row)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new EvalgateError("TRAFFIC_INVALID", `line ${line}: unknown field \`${key}\``, { location: at(col(key)), hint: `a logged exchange has ${FIELDS.join(", ")}` });
  }
  const request = row.request;
  if (request === null || typeof request !== "object" || Array.isArray(request)) throw bad("request", request === undefined ? "is missing" : "must be an object (the API request's JSON)");
  const response = row.response ?? null;
  if (response !== null && (typeof response !== "object" || Array.isArray(response))) throw bad("response", "must be an object (the API's response JSON) or null");
  const api = apiOf(row.api, request as Record<string, unknown>, bad);
  return {
    api,
    request: request as Record<string, unknown>,
    response: response as Record<string, unknown> | null,
    metadata: { ...stringMap((request as Record<string, unknown>).metadata, "request", bad), ...stringMap(row.metadata, "metadata", bad) },
    latencyMs: optionalNumber(row.latency_ms, "latency_ms", bad),
    created: optionalNumber(row.created, "created", bad),
    label: row.label !== undefined ? row.label : (row.metadata as Record<string, unknown> | undefined)?.label,
  };
}

type Bad = (key: string, what: string) => EvalgateError;

/** Why a request is not one of `api`'s (Chat has a `messages` list, Responses `input` or `instructions`), or null when it is. */
export function notRequestOf(api: Api, request: Record<string, unknown>): string | null {
  if (api === "chat") return Array.isArray(request.messages) ? null : "is not a Chat Completions request: it has no `messages` list";
  const looksResponses = request.input !== undefined || (typeof request.instructions === "string" && request.messages === undefined);
  return looksResponses ? null : "is not a Responses request: it has no `input`";
}

/** `api`, or told by the request's shape. */
function apiOf(given: unknown, request: Record<string, unknown>, bad: Bad): Api {
  if (given !== undefined) {
    if (given !== "chat" && given !== "responses") throw bad("api", `must be "chat" or "responses" (got ${JSON.stringify(given)})`);
    const not = notRequestOf(given, request);
    if (not !== null) throw bad("request", not);
    return given;
  }
  const looksChat = notRequestOf("chat", request) === null;
  const looksResponses = notRequestOf("responses", request) === null;
  if (looksChat) return "chat";
  if (looksResponses) return "responses";
  throw bad("request", "is neither a Chat Completions request (`messages`) nor a Responses request (`input`)");
}

function stringMap(value: unknown, key: string, bad: Bad): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw bad(key === "request" ? "metadata" : key, "must be a map of strings");
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k === "label" && key === "metadata") continue;
    out[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

function optionalNumber(value: unknown, key: string, bad: Bad): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw bad(key, `must be a number ≥ 0 (got ${JSON.stringify(value)})`);
  return value;
}

/** Where JSON.parse stopped: its `position N`, else the token its message quotes in context, else the line's end. */
function errorColumn(text: string, message: string): number {
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]) + 1;
  const quoted = /Unexpected token '(.)', (?:\.\.\.)?"(.*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  if (quoted) {
    const at = text.indexOf(quoted[2]!);
    if (at !== -1) return at + quoted[2]!.lastIndexOf(quoted[1]!) + 1;
  }
  return /end of JSON input/.test(message) ? text.length + 1 : 1;
}
