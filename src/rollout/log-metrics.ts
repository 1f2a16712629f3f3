import { EvalgateError, pricingFor, priceUsage, type GenerateRequest } from "../core/index.js";
import type { LoggedExchange } from "../import/index.js";
import { normalizeRecording } from "../providers/index.js";
import type { RequestResult } from "./outcomes.js";

/**
 * One logged exchange (the logged-exchange format, docs/migration-guide.md) → what the check
 * measures of it without ground truth (docs/rollout.md "What the check reads"):
 * - an **error**: `metadata.status` (the HTTP status, when the logger records it) not 2xx, an
 *   error body (`{"error": {…}}` in place of the API's object), or a Responses `failed`;
 * - else the reply normalized by the code that normalizes live and recorded replies, so
 *   refusals, truncations (finish `length` / Responses `incomplete`), tool calls and JSON are
 *   read as in an eval;
 * - latency from `latency_ms`; cost from the usage, priced by the catalog for the reply's model.
 * An exchange whose reply was not logged says nothing: null. A reply that is neither the API's
 * object nor an error body is bad input, named by file:line.
 */
export function exchangeResult(x: LoggedExchange, outputSchema: Record<string, unknown> | null, where: { file: string; line: number }): RequestResult | null {
  const latencyMs = x.latencyMs;
  const status = x.metadata.status;
  if (status !== undefined && !/^2\d\d$/.test(status.trim())) return { error: true, output: null, latencyMs, costUsd: null };
  const response = x.response;
  if (response === null) return null;
  if (isErrorBody(response)) return { error: true, output: null, latencyMs, costUsd: null };
  const model = typeof response.model === "string" ? response.model : typeof x.request.model === "string" ? x.request.model : "";
  const request: GenerateRequest = {
    api: x.api,
    model,
    messages: [],
    params: {},
    attempt: `rollout/${where.line}`,
    stream: false,
    ...(outputSchema ? { output: { name: "output", schema: outputSchema, strict: false } } : {}),
  };
  const result = normalizeRecording({ api: x.api, model, response, ...(latencyMs !== null ? { latency_ms: latencyMs } : {}) }, request);
  if (!result.ok) {
    if (x.api === "responses" && response.status === "failed") return { error: true, output: null, latencyMs, costUsd: null };
    throw new EvalgateError("TRAFFIC_INVALID", `line ${where.line}: the reply cannot be read: ${result.error.message}`, {
      location: { file: where.file, line: where.line, col: 1 },
      hint: "`response` is the API's chat.completion or response object, or an error body {\"error\": {…}}",
    });
  }
  const cost = priceUsage(result.output.usage, model ? pricingFor({ model }) : null);
  return { error: false, output: result.output, latencyMs, costUsd: cost.usd };
}

/** `{"error": {…}}` without the API's object: what the API answers with a 4xx or 5xx. */
function isErrorBody(response: Record<string, unknown>): boolean {
  const error = response.error;
  return error !== null && typeof error === "object" && !Array.isArray(response.choices) && !Array.isArray(response.output);
}
