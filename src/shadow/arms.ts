import { armId, attemptTag, type Api, type CaseRequest, type GenerateRequest } from "../core/index.js";
import { replayRequest, ReplayWarnings, type PlannedArm, type SuiteTarget } from "../suite/index.js";

/**
 * The arms of every shadow run (docs/shadow.md "What is kept"): `shadow@production`, a
 * recorded arm — production's replies, nothing sent — and `shadow@TARGET`, the live candidate.
 */
export const SHADOW_PROMPT = "shadow";
export const PRODUCTION_TARGET = "production";

/** The logged request as production sent it: the recorded arm's request, which its reply is normalized against. */
export function productionRequest(api: Api, logged: CaseRequest, caseId: string, stream: boolean): GenerateRequest {
  const target: SuiteTarget = { id: PRODUCTION_TARGET, provider: "openai", api, model: logged.model ?? "unknown", params: {}, api_key_env: "OPENAI_API_KEY", stream, recorded: true };
  const arm: PlannedArm = { arm: armId(SHADOW_PROMPT, PRODUCTION_TARGET), promptId: SHADOW_PROMPT, targetId: PRODUCTION_TARGET, target, params: {}, warnings: [] };
  return replayRequest(logged, arm, attemptTag(caseId, 0), new ReplayWarnings());
}
