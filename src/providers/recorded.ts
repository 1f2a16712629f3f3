import type { ChatCompletion } from "openai/resources/chat/completions";
import type { Response } from "openai/resources/responses/responses";
import { parseAttemptTag, type AttemptError, type CaseRecording, type GenerateRequest, type Output } from "../core/index.js";
import { normalizeChatCompletion } from "./openai/normalize-chat.js";
import { normalizeResponse } from "./openai/normalize-responses.js";
import type { GenerateResult, Provider } from "./provider.js";

/**
 * A recorded arm's provider (docs/suite-format.md "Replaying traffic"): each attempt is the
 * case's logged reply, normalized by the same code as a live one, and nothing is sent. The
 * logged latency is kept for display; the attempt is marked replayed by its executor, so no
 * latency figure or gate counts it.
 */
export function createRecordedProvider(recordingOf: (caseId: string) => CaseRecording | undefined): Provider {
  return {
    kind: "recorded",
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const caseId = parseAttemptTag(request.attempt)?.caseId ?? request.attempt;
      const recording = recordingOf(caseId);
      if (!recording) return { ok: false, error: unrecorded(`case ${caseId} has no recorded reply`), tries: 0 };
      return normalizeRecording(recording, request);
    },
  };
}

/** A logged reply → the Output a live call would have given (its raw response kept), or why it cannot be one. */
export function normalizeRecording(recording: CaseRecording, request: GenerateRequest): GenerateResult {
  const ctx = { request, body: null, latency: { ttftMs: null, totalMs: recording.latency_ms ?? 0 }, requestId: null };
  const response = recording.response;
  if (recording.api === "chat") {
    if (response.object !== "chat.completion" || !Array.isArray(response.choices)) return { ok: false, error: unrecorded("the recorded reply is not a chat.completion object"), tries: 0 };
    const result = normalizeChatCompletion(response as unknown as ChatCompletion, ctx);
    return result.ok ? { ok: true, output: recordedOutput(result.output), tries: 0 } : { ok: false, error: result.error, tries: 0 };
  }
  if (response.object !== "response" || !Array.isArray(response.output)) return { ok: false, error: unrecorded("the recorded reply is not a response object"), tries: 0 };
  const result = normalizeResponse(response as unknown as Response, ctx);
  return result.ok ? { ok: true, output: recordedOutput(result.output), tries: 0 } : { ok: false, error: result.error, tries: 0 };
}

/** The raw request is the case's, already stored with it: only the logged response is kept. */
function recordedOutput(output: Output): Output {
  return { ...output, raw: { request: null, response: output.raw.response } };
}

function unrecorded(message: string): AttemptError {
  return { kind: "unknown", message, status: null, requestId: null, retryable: false };
}
