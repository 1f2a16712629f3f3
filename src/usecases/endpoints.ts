import { checkParams, parseAttemptTag, pricingFor, type GenerateRequest, type ResponseCache } from "../core/index.js";
import { budgetedJudge, cachedJudge, type JudgeBudget, type JudgeProvider } from "../graders/index.js";
import { buildEndpoint, providerAsJudge, type Endpoint, type EndpointContext } from "../providers/index.js";
import {
  createCachingExecutor,
  createThrottledExecutor,
  redactValue,
  throttleHooks,
  type AttemptExecutor,
  type CacheMode,
  type EndpointThrottles,
} from "../runner/index.js";
import { responseCacheKey, type Store } from "../store/index.js";
import type { SuiteJudge, SuiteTarget } from "../suite/index.js";

/**
 * The run's calls, wired once (docs/design/architecture.md §6, §8): every target and every
 * judge reaches its endpoint through the providers' one endpoint builder (same key rules,
 * same throttle per endpoint URL), and records to and replays from one response cache that
 * masks the suite's `redact` patterns for every caller.
 */

export interface CallWiring {
  endpoints: EndpointContext;
  throttles: EndpointThrottles;
  cache: ResponseCache;
  mode: CacheMode;
  offline: boolean;
}

/** The store's response cache; what it records is masked by the suite's `redact` patterns first. */
export function redactingCache(store: Pick<Store, "cacheGet" | "cachePut">, redactions: readonly RegExp[]): ResponseCache {
  return { get: (key) => store.cacheGet(key), put: (key, value) => store.cachePut(key, redactValue(value, redactions)) };
}

/** The endpoint context with the run's shared throttle hooks. */
export function endpointContext(base: Omit<EndpointContext, "hooksFor">, throttles: EndpointThrottles): EndpointContext {
  return { ...base, hooksFor: (url) => throttleHooks(throttles(url)) };
}

/**
 * The response cache key of an attempt (docs/design/architecture.md §8): the wire body as the
 * endpoint's provider renders it, the endpoint (the simulator counts as one, whatever its
 * port, so its replies are never replayed as a real endpoint's) and the repeat index.
 */
export function attemptCacheKey(endpoint: Pick<Endpoint, "cacheIdentity" | "render">, request: GenerateRequest): string {
  return responseCacheKey({ endpoint: endpoint.cacheIdentity, body: endpoint.render(request).body }, parseAttemptTag(request.attempt)?.repeat ?? 0);
}

/** A target's executor: its endpoint's provider behind the endpoint's throttle, then record / replay. */
export function targetExecutor(target: SuiteTarget, wiring: CallWiring): AttemptExecutor {
  const endpoint = buildEndpoint({ ...target, role: "target" }, wiring.endpoints);
  const throttled = createThrottledExecutor(endpoint.provider, wiring.throttles(endpoint.baseUrl));
  if (wiring.mode === "off" && !wiring.offline) return throttled;
  return createCachingExecutor(throttled, { cache: wiring.cache, mode: wiring.mode, offline: wiring.offline, keyOf: (request) => attemptCacheKey(endpoint, request) });
}

/**
 * One judge provider per `judges:` entry (docs/design/architecture.md §4): built like a
 * target's, its params checked against the catalog, its price for the judge's cost,
 * cached through the same cache and budgeted like every other call.
 */
export function buildJudges(judges: readonly SuiteJudge[], wiring: CallWiring, budget: JudgeBudget | undefined, through?: (j: SuiteJudge, judge: JudgeProvider) => JudgeProvider): Map<string, JudgeProvider> {
  const out = new Map<string, JudgeProvider>();
  for (const j of judges) {
    const { provider } = buildEndpoint({ ...j, role: "judge" }, wiring.endpoints);
    const params = j.api === "embeddings" ? j.params : checkParams(j.api, j.model, j.params).params;
    let judge: JudgeProvider = { ...providerAsJudge(provider), api: j.api, model: j.model, params, stream: j.stream, pricing: pricingFor(j) };
    // `--batch-judges`: calls made while a batch chunk is graded go through the Batch API.
    if (through) judge = through(j, judge);
    if (wiring.mode !== "off" || wiring.offline) {
      // The arms' rule (runner/cache.ts): `read` replays and records misses, `write` records, offline only replays.
      judge = cachedJudge(judge, wiring.cache, { read: wiring.mode === "read" || wiring.offline, write: !wiring.offline && wiring.mode !== "off", offline: wiring.offline });
    }
    if (budget) judge = budgetedJudge(judge, budget);
    out.set(j.id, judge);
  }
  return out;
}
