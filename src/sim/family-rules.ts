import { lookupModel } from "../core/catalog.js";
import type { Api } from "../core/request.js";
import { quoteList, valueAt } from "./param-rules.js";
import type { Body } from "./parse-common.js";
import { invalidRequest } from "./wire-errors.js";

/**
 * What one model family takes that the other does not (the API's reasoning guide): reasoning
 * models take no sampling controls, other models take no reasoning settings. Per API, the
 * parameters each family refuses, read from the body (null counts as absent).
 */
const REASONING_REFUSES: Readonly<Record<Api, readonly string[]>> = {
  chat: ["temperature", "top_p", "presence_penalty", "frequency_penalty", "logprobs", "top_logprobs", "logit_bias", "stop", "max_tokens"],
  responses: ["temperature", "top_p", "top_logprobs"],
};

const PLAIN_REFUSES: Readonly<Record<Api, readonly string[]>> = {
  chat: ["reasoning_effort"],
  responses: ["reasoning.effort", "reasoning.summary"],
};

function unsupported(param: string): never {
  const hint = param === "max_tokens" ? " Use 'max_completion_tokens' instead." : "";
  throw invalidRequest(`Unsupported parameter: '${param}' is not supported with this model.${hint}`, param, "unsupported_parameter");
}

/** Rejects what the model's family cannot take, then values the catalog says the model cannot take. */
export function checkModelFamily(api: Api, body: Body, model: string, reasoning: boolean): void {
  const refused = reasoning ? REASONING_REFUSES[api] : PLAIN_REFUSES[api];
  for (const param of refused) {
    const v = valueAt(body, param);
    // `logprobs: false` asks for nothing.
    if (v !== undefined && v !== null && !(param === "logprobs" && v === false)) unsupported(param);
  }
  if (reasoning) checkEffortForModel(api, body, model);
  checkOutputCap(api, body, model);
}

/** The catalog's effort values for a model it knows; a model it doesn't know takes every value of the enum. */
function checkEffortForModel(api: Api, body: Body, model: string): void {
  const param = api === "chat" ? "reasoning_effort" : "reasoning.effort";
  const effort = valueAt(body, param);
  const allowed = lookupModel(model)?.reasoningEfforts;
  if (typeof effort !== "string" || !allowed || allowed.length === 0 || (allowed as readonly string[]).includes(effort)) return;
  throw invalidRequest(
    `Unsupported value: '${param}' does not support '${effort}' with this model. Supported values are: ${quoteList(allowed)}.`,
    param,
    "unsupported_value",
  );
}

/** A cap above the model's maximum output (the catalog's figure). */
function checkOutputCap(api: Api, body: Body, model: string): void {
  const info = lookupModel(model);
  if (!info || info.kind !== "chat") return;
  for (const param of api === "chat" ? ["max_completion_tokens", "max_tokens"] : ["max_output_tokens"]) {
    const cap = body[param];
    if (typeof cap === "number" && cap > info.maxOutputTokens) {
      throw invalidRequest(
        `${param} is too large: ${cap}. This model supports at most ${info.maxOutputTokens} completion tokens, whereas you provided ${cap}.`,
        param,
        "invalid_value",
      );
    }
  }
}
