import { contentText, type CaseRequest, type ModelParams, type NeutralMessage, type ToolChoice } from "../core/index.js";

/** A logged request mapped back to the neutral prompt, or why it cannot be (the exchange is left out and counted). */
export type Mapped = { ok: true; request: CaseRequest; notes: string[] } | { ok: false; skip: string };

/** Names the API accepts for tools and output schemas (the suite format checks them too). */
const API_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export class MappingError extends Error {}

/** Stops mapping one exchange: it has something with no neutral form that cannot simply be dropped. */
export function skip(why: string): never {
  throw new MappingError(why);
}

export function apiName(name: unknown, what: string): string {
  if (typeof name !== "string" || !API_NAME.test(name)) skip(`${what} name ${JSON.stringify(name)} is not one the API accepts`);
  return name;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A JSON-string of a map (tool call arguments) parsed, or the exchange left out. */
export function argumentsMap(raw: unknown, tool: string): Record<string, unknown> {
  if (isMap(raw)) return raw;
  if (typeof raw === "string") {
    try {
      const parsed: unknown = JSON.parse(raw === "" ? "{}" : raw);
      if (isMap(parsed)) return parsed;
    } catch {
      // reported below
    }
  }
  return skip(`the arguments of a call to ${tool} are not a JSON object`);
}

/** Text content: a string, or a list of text parts (joined); any other part has no neutral form yet. */
export function textContent(content: unknown, textTypes: readonly string[], where: string): string {
  if (typeof content === "string") return content;
  if (content === null || content === undefined) return "";
  if (!Array.isArray(content)) skip(`${where} content is neither text nor a list of parts`);
  return (content as unknown[])
    .map((part) => {
      if (isMap(part) && textTypes.includes(String(part.type)) && typeof part.text === "string") return part.text;
      return skip(`${where} has a \`${isMap(part) ? String(part.type) : typeof part}\` content part, which has no neutral form`);
    })
    .join("");
}

export function toolChoiceOf(value: unknown, fn: (v: Record<string, unknown>) => unknown): ToolChoice | undefined {
  if (value === "auto" || value === "none" || value === "required") return value;
  if (isMap(value) && value.type === "function") {
    const name = fn(value);
    if (typeof name === "string") return { name };
  }
  return undefined;
}

const EFFORTS = new Set(["none", "minimal", "low", "medium", "high", "xhigh"]);

/** The neutral sampling params a request sets (null means "not set" on the wire). */
export function sampling(r: Record<string, unknown>, maxTokens: unknown, effort: unknown): ModelParams {
  const params: ModelParams = {};
  if (typeof r.temperature === "number") params.temperature = r.temperature;
  if (typeof r.top_p === "number") params.top_p = r.top_p;
  if (typeof maxTokens === "number" && Number.isInteger(maxTokens) && maxTokens > 0) params.max_output_tokens = maxTokens;
  if (typeof effort === "string" && EFFORTS.has(effort)) params.reasoning_effort = effort as ModelParams["reasoning_effort"];
  return params;
}

/** Leading `system` text becomes instructions (a Chat target renders it back as the first system message). */
export function splitInstructions(messages: NeutralMessage[]): { instructions?: string; messages: NeutralMessage[] } {
  const first = messages[0];
  if (first?.role === "system" && messages.length > 1) return { instructions: contentText(first.content), messages: messages.slice(1) };
  return { messages };
}

/** The request's fields that are neither mapped nor bookkeeping: kept verbatim for the API they were sent to, noted once each. */
export function passthroughOf(r: Record<string, unknown>, handled: ReadonlySet<string>, api: "chat" | "responses", notes: string[]): CaseRequest["passthrough"] {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(r)) {
    if (handled.has(key) || value === null || value === undefined) continue;
    fields[key] = value;
    notes.push(`\`${key}\` has no neutral form: kept for ${api} arms, dropped for ${api === "chat" ? "responses" : "chat"} arms`);
  }
  return Object.keys(fields).length ? { api, fields } : undefined;
}

/** Runs a mapper; a MappingError leaves the exchange out with its reason. */
export function mapWith(fn: (notes: string[]) => CaseRequest): Mapped {
  const notes: string[] = [];
  try {
    return { ok: true, request: fn(notes), notes };
  } catch (e) {
    if (e instanceof MappingError) return { ok: false, skip: e.message };
    throw e;
  }
}
