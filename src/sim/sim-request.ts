import type { Api } from "../core/request.js";
import type { SimImage } from "./image-inputs.js";

/** A JSON Schema, as a caller sent it. */
export type JsonSchema = Record<string, unknown>;

export interface SimTool {
  name: string;
  description: string | null;
  parameters: JsonSchema | null;
  strict: boolean;
}

export type SimToolChoice = "none" | "auto" | "required" | { name: string };

export type SimFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; name: string; schema: JsonSchema; strict: boolean };

/** A message of the conversation, flattened to text (for placement and token counts). */
export interface SimTurn {
  role: "system" | "developer" | "user" | "assistant" | "tool";
  text: string;
}

/**
 * One generation request, read from either wire format into the same shape, so the
 * behaviour model treats Chat Completions and Responses alike (docs/design/architecture.md §7).
 */
export interface SimRequest {
  api: Api;
  model: string;
  turns: SimTurn[];
  tools: SimTool[];
  toolChoice: SimToolChoice;
  format: SimFormat;
  maxOutputTokens: number | null;
  reasoningEffort: string | null;
  stream: boolean;
  /** Chat: `stream_options.include_usage`. Responses always carry usage. */
  includeUsage: boolean;
  /** The request's images (image-inputs.ts): their tokens join the input's. */
  images?: SimImage[];
  /** Chat's `n`: how many choices (Responses has no `n`: 1). */
  n: number;
  /** Chat's stop sequences (Responses has none). */
  stop: string[];
  /** Chat `logprobs: true`, or Responses `include: ["message.output_text.logprobs"]`. */
  logprobs: boolean;
  topLogprobs: number;
  /** False: at most one tool call per reply. */
  parallelToolCalls: boolean;
  /** Chat's `seed` (null when not sent). */
  seed: number | null;
  /** Responses `reasoning.summary`. */
  reasoningSummary: "auto" | "concise" | "detailed" | null;
  /** Responses `include: ["reasoning.encrypted_content"]` with `store: false`. */
  encryptedReasoning: boolean;
}

/** The fields a request has when it asks for nothing beyond the defaults (tests build requests from it). */
export const REQUEST_DEFAULTS = {
  n: 1, stop: [] as string[], logprobs: false, topLogprobs: 0, parallelToolCalls: true, seed: null,
  reasoningSummary: null, encryptedReasoning: false,
} as const;

/** The user texts, most recent first. */
export function userTextsLatestFirst(req: SimRequest): string[] {
  const out: string[] = [];
  for (let i = req.turns.length - 1; i >= 0; i--) {
    const t = req.turns[i];
    if (t && t.role === "user") out.push(t.text);
  }
  return out;
}

/** Tool results that came after the last user turn: the model has already called its tool. */
export function toolResultsAfterLastUser(req: SimRequest): string[] {
  const out: string[] = [];
  for (let i = req.turns.length - 1; i >= 0; i--) {
    const t = req.turns[i];
    if (!t || t.role === "user") break;
    if (t.role === "tool") out.unshift(t.text);
  }
  return out;
}

/**
 * The text the token count of the input is taken from, identical for both APIs, in parts:
 * each part ends with a newline and the next begins with `<|`, where o200k_base's
 * pre-tokenizer always splits, so the transcript's tokens are its parts' tokens end to end
 * and a part seen before (a system prompt, a schema) is counted from memory.
 */
export function transcriptParts(req: SimRequest): string[] {
  // `system` and `developer` are one role here, so Chat's system message and Responses' instructions count alike.
  const parts = req.turns.map((t) => `<|${t.role === "system" ? "developer" : t.role}|>\n${t.text}\n`);
  for (const tool of req.tools) {
    parts.push(`<|tool-def|>${JSON.stringify({ name: tool.name, description: tool.description, parameters: tool.parameters })}\n`);
  }
  if (req.format.type === "json_schema") parts.push(`<|format|>${JSON.stringify(req.format.schema)}\n`);
  return parts;
}
