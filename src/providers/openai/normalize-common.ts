import type { AttemptError, GenerateRequest, Latency, OutputToolCall } from "../../core/index.js";

/** What a normalizer needs besides the wire response. */
export interface NormalizeContext {
  request: GenerateRequest;
  /** The wire body that was sent. */
  body: unknown;
  latency: Latency;
  requestId: string | null;
}

export type NormalizeResult<T> = { ok: true; output: T } | { ok: false; error: AttemptError };

/**
 * JSON of the text. When a schema was requested a failure is kept in `jsonError`; otherwise
 * text that looks like a JSON object or array is parsed quietly and prose is left alone.
 */
export function parseOutputJson(text: string, expected: boolean): { json?: unknown; jsonError?: string } {
  const trimmed = text.trim();
  if (!expected && !/^[[{]/.test(trimmed)) return {};
  try {
    return { json: JSON.parse(trimmed) as unknown };
  } catch (e) {
    if (!expected) return {};
    const why = trimmed === "" ? "the output is empty" : (e as Error).message;
    return { jsonError: `expected JSON for the output schema, but ${why}` };
  }
}

/** A tool call's arguments: an object, or null when the JSON string is not one. */
export function toolCall(id: string, name: string, rawArguments: string): OutputToolCall {
  let args: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(rawArguments === "" ? "{}" : rawArguments);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      args = parsed as Record<string, unknown>;
    }
  } catch {
    args = null;
  }
  return { id, name, arguments: args, rawArguments };
}

export function streamEndedEarly(what: string, requestId: string | null): AttemptError {
  return {
    kind: "stream_ended_early",
    message: `stream ended early: ${what}`,
    status: null,
    requestId,
    retryable: true,
  };
}
