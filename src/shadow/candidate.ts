import { attemptTag, checkParams, pricingFor, priceUsage, type Cost, type GenerateRequest } from "../core/index.js";
import { buildEndpoint, type EndpointContext, type GenerateResult } from "../providers/index.js";
import { worstCaseCostUsd } from "../runner/index.js";
import type { SuiteTarget } from "../suite/index.js";

/**
 * The candidate side of a shadow pair: the suite target named by `--candidate
 * suite.yaml#target`, reached through the providers' one endpoint builder (its own key from
 * the target's `api_key_env`, its timeout and retries), so a Chat request is sent to a
 * Responses target (or the reverse) rendered by the same renderers every run uses.
 */
export interface Candidate {
  readonly target: SuiteTarget;
  readonly simulated: boolean;
  /** The production request (neutral) as this target sends it. */
  requestFor(production: GenerateRequest, caseId: string, mirrorStateful: boolean): GenerateRequest;
  worstCaseUsd(request: GenerateRequest): number | null;
  generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult>;
  costOf(result: GenerateResult): Cost;
}

export function createCandidate(target: SuiteTarget, ctx: EndpointContext): Candidate {
  const endpoint = buildEndpoint({ ...target, role: "target" }, ctx);
  const pricing = pricingFor(target);
  return {
    target,
    simulated: endpoint.onSim,
    requestFor(production, caseId, mirrorStateful) {
      // The target's params are its own settings; the production request fills the rest.
      const wanted = { ...production.params, ...target.params };
      // A mirror never leaves state at the candidate unless told to.
      if (!mirrorStateful) delete wanted.store;
      const { params } = checkParams(target.api, target.model, wanted);
      return { ...production, api: target.api, model: target.model, params, stream: target.stream, attempt: attemptTag(caseId, 0) };
    },
    worstCaseUsd: (request) => worstCaseCostUsd(request, pricing),
    generate: (request, signal) => endpoint.provider.generate(request, signal),
    costOf: (result) => (result.ok ? priceUsage(result.output.usage, pricing) : { usd: 0, inputUsd: 0, outputUsd: 0 }),
  };
}
