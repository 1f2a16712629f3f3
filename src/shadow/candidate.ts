import { armId, attemptTag, checkParams, pricingFor, priceUsage, type CaseRequest, type Cost, type GenerateRequest } from "../core/index.js";
import { buildEndpoint, type EndpointContext, type GenerateResult } from "../providers/index.js";
import { worstCaseCostUsd } from "../runner/index.js";
import { replayRequest, ReplayWarnings, type PlannedArm, type SuiteTarget } from "../suite/index.js";
import { SHADOW_PROMPT } from "./arms.js";

/**
 * The candidate side of a shadow pair: the suite target named by `--candidate
 * suite.yaml#target`, reached through the providers' one endpoint builder (its own key from
 * the target's `api_key_env`, its timeout and retries). A mirror is the request a replay run
 * of the same logged request sends this target (suite `replayRequest`): production's params
 * under the target's, checked against its API and model, `store` never sent, fields with no
 * neutral form only to a target on the API they were sent to.
 */
export interface Candidate {
  readonly target: SuiteTarget;
  readonly simulated: boolean;
  /** The logged request (neutral) as this target sends it. */
  requestFor(logged: CaseRequest, caseId: string): GenerateRequest;
  worstCaseUsd(request: GenerateRequest): number | null;
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult>;
  costOf(result: GenerateResult): Cost;
}

export function createCandidate(target: SuiteTarget, ctx: EndpointContext): Candidate {
  const endpoint = buildEndpoint({ ...target, role: "target" }, ctx);
  const pricing = pricingFor(target);
  const check = checkParams(target.api, target.model, target.params);
  const arm: PlannedArm = { arm: armId(SHADOW_PROMPT, target.id), promptId: SHADOW_PROMPT, targetId: target.id, target, params: check.params, warnings: check.warnings };
  // What a replay would warn per arm (a logged field dropped): a mirror has no plan to show it in.
  const warnings = new ReplayWarnings();
  return {
    target,
    simulated: endpoint.onSim,
    requestFor: (logged, caseId) => replayRequest(logged, arm, attemptTag(caseId, 0), warnings),
    worstCaseUsd: (request) => worstCaseCostUsd(request, pricing),
    generate: (request, signal) => endpoint.provider.generate(request, signal),
    costOf: (result) => (result.ok ? priceUsage(result.output.usage, pricing) : { usd: 0, inputUsd: 0, outputUsd: 0 }),
  };
}
