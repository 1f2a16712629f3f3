import type { Api } from "../core/index.js";
import { mapChatRequest, mapResponsesRequest, notRequestOf, type Mapped } from "../import/index.js";

/**
 * A mirrored request mapped back to the neutral prompt (docs/shadow.md "Which requests are
 * mirrored") by `evalgate import`'s own mapping: a request is mirrored exactly when import
 * would import it, and its CaseRequest is what a replay run renders for each arm
 * (suite `replayRequest`). A seam, so the mirror can be tested with a mapper of its own.
 */
export interface RequestMapper {
  toNeutral(api: Api, body: Record<string, unknown>): Mapped;
}

export const importRequestMapper: RequestMapper = {
  toNeutral(api, body) {
    const notOfApi = notRequestOf(api, body);
    if (notOfApi !== null) return { ok: false, skip: `the request ${notOfApi}` };
    return api === "chat" ? mapChatRequest(body) : mapResponsesRequest(body);
  },
};
