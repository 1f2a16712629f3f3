import { hashJson, type CaseRecording, type CaseRequest } from "../core/index.js";
import type { LoggedExchange } from "./logged-exchange.js";

/** A dataset row of an imported case (docs/suite-format.md "Replaying traffic"). */
export interface CaseRow {
  id: string;
  weight: number;
  tags: string[];
  vars: Record<string, unknown>;
  request: CaseRequest;
  recorded?: CaseRecording;
  graders?: Array<Record<string, unknown>>;
}

/** What de-duplication compares: the API, the model and the neutral request. */
export function requestKey(api: string, request: CaseRequest): string {
  return hashJson({ api, request });
}

/** A case id from the request's key: the same request gets the same id in every import, so re-imports pair. */
export function caseIdOf(key: string): string {
  return `req-${key.slice(0, 16)}`;
}

/** The stratum of an exchange under `--stratify-by` (`model` or `metadata.KEY`); "(none)" when it has no value. */
export function stratumOf(e: LoggedExchange, by: string | undefined): string {
  if (by === undefined) return "all";
  if (by === "model") return typeof e.request.model === "string" ? e.request.model : "(none)";
  return e.metadata[by.slice("metadata.".length)] ?? "(none)";
}

/** The tag a stratum becomes, so it is a slice of the comparison: `route:billing`, `model:gpt-4.1`. */
export function stratumTag(by: string | undefined, stratum: string): string | null {
  if (by === undefined) return null;
  return `${by === "model" ? "model" : by.slice("metadata.".length)}:${stratum}`;
}

/** The recorded arm's attempt: the logged reply, or why it cannot be one. */
export function recordingOf(e: LoggedExchange): CaseRecording | string | null {
  const r = e.response;
  if (r === null) return null;
  if (e.api === "chat" && (r.object !== "chat.completion" || !Array.isArray(r.choices))) return "is not a chat.completion object (`object`, `choices`)";
  if (e.api === "responses" && (r.object !== "response" || !Array.isArray(r.output))) return "is not a response object (`object`, `output`)";
  const model = typeof r.model === "string" ? r.model : typeof e.request.model === "string" ? e.request.model : "unknown";
  return {
    api: e.api,
    model,
    response: r,
    ...(e.latencyMs === null ? {} : { latency_ms: e.latencyMs }),
    ...(e.created === null ? {} : { created: e.created }),
  };
}

/** A label grades both arms: JSON against JSON, text against text (tag `labelled`). */
export function labelGraders(label: unknown): Array<Record<string, unknown>> | undefined {
  if (label === undefined || label === null) return undefined;
  if (typeof label === "object") return [{ type: "json-equals", value: label }];
  return [{ type: "equals", value: String(label) }];
}
