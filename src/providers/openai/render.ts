import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { ResponseCreateParams } from "openai/resources/responses/responses";
import { checkParams, type GenerateRequest } from "../../core/index.js";
import { renderChatRequest } from "./render-chat.js";
import { renderResponsesRequest } from "./render-responses.js";

export type WireRequest =
  | { api: "chat"; endpoint: "/chat/completions"; body: ChatCompletionCreateParams }
  | { api: "responses"; endpoint: "/responses"; body: ResponseCreateParams };

/** The wire body for the request's API, exactly as rendered (no param checks). */
export function renderRequest(req: GenerateRequest): WireRequest {
  return req.api === "chat"
    ? { api: "chat", endpoint: "/chat/completions", body: renderChatRequest(req) }
    : { api: "responses", endpoint: "/responses", body: renderResponsesRequest(req) };
}

export interface PreparedRequest {
  /** The request with the params its target can take. */
  request: GenerateRequest;
  wire: WireRequest;
  /** Params dropped, unknown model: printed by `validate` and at run start, kept on the arm. */
  warnings: string[];
  /** Values the API would reject: load errors. */
  errors: string[];
}

/**
 * Checks the params against the model catalog (docs/design/architecture.md §4) and renders what remains:
 * what `evalgate validate` prints for an arm, and what the provider sends.
 */
export function prepareRequest(req: GenerateRequest): PreparedRequest {
  const check = checkParams(req.api, req.model, req.params);
  const request = { ...req, params: check.params };
  return { request, wire: renderRequest(request), warnings: check.warnings, errors: check.errors };
}
