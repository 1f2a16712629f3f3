import type { Api } from "../core/request.js";
import type { SimConfig } from "../core/sim-config.js";
import { behaviourFor } from "./behaviour.js";
import { checkModelFamily } from "./family-rules.js";
import { checkModelKnown } from "./model-check.js";
import type { Body } from "./parse-common.js";
import { parseChatRequest } from "./parse-chat.js";
import { parseResponsesRequest } from "./parse-responses.js";
import type { SimRequest } from "./sim-request.js";

const ENDPOINT: Record<Api, string> = { chat: "v1/chat/completions", responses: "v1/responses" };

/**
 * A generation request the simulator will answer, or the error the real API gives it:
 * the body's shape (the API's parse), then the model (known? its family's parameters?).
 */
export function admitRequest(api: Api, raw: unknown, config: SimConfig): SimRequest {
  const req = api === "chat" ? parseChatRequest(raw) : parseResponsesRequest(raw);
  checkModelKnown(config, req.model, "chat", ENDPOINT[api]);
  checkModelFamily(api, raw as Body, req.model, behaviourFor(config, req.model).reasoning);
  return req;
}
