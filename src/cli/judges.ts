import { checkParams, EvalgateError, lookupModel, type Pricing } from "../core/index.js";
import type { ResponseCache } from "../runner/index.js";
import { budgetedJudge, cachedJudge, type JudgeBudget, type JudgeCache, type JudgeProvider } from "../graders/index.js";
import { createOpenAIProvider, providerAsJudge } from "../providers/index.js";
import type { SuiteJudge } from "../suite/index.js";

const SIM_KEY = "sk-evalgate-simulator";
/** `--offline` sends nothing, so a judge needs no key then. */
const OFFLINE_KEY = "sk-evalgate-offline";
const DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** A target's or judge's price: its own `pricing:`, else the catalog's; null = unknown. */
export function targetPricing(t: { model: string; pricing?: { input: number; cached_input?: number; output: number } }): Pricing | null {
  if (t.pricing) {
    return { input: t.pricing.input, cached_input: t.pricing.cached_input ?? null, output: t.pricing.output, source: "suite pricing", asOf: "suite" };
  }
  return lookupModel(t.model)?.pricing ?? null;
}

export function judgeOnSim(judge: SuiteJudge, allOnSim: boolean): boolean {
  return allOnSim || judge.base_url === "sim";
}

export interface JudgeWiring {
  /** The in-process simulator's URL, when a judge runs on it. */
  simUrl?: string;
  /** `--sim`: every judge on the simulator. */
  allOnSim: boolean;
  env: NodeJS.ProcessEnv;
  cache?: { store: JudgeCache; read: boolean; write: boolean; offline: boolean };
  budget?: JudgeBudget;
}

/**
 * One judge provider per `judges:` entry (docs/design/architecture.md §4): the same OpenAI provider as the
 * arms, its params checked against the catalog, its price for the judge's cost, cached and
 * budgeted like every other call.
 */
export function buildJudges(judges: readonly SuiteJudge[], wiring: JudgeWiring): Map<string, JudgeProvider> {
  const out = new Map<string, JudgeProvider>();
  for (const j of judges) {
    const onSim = judgeOnSim(j, wiring.allOnSim);
    const apiKey = onSim ? SIM_KEY : wiring.env[j.api_key_env] || (wiring.cache?.offline ? OFFLINE_KEY : undefined);
    if (!apiKey) {
      throw new EvalgateError("BAD_FLAG", `judge ${j.id} needs an API key in $${j.api_key_env}, which is not set`, {
        hint: `export ${j.api_key_env}=sk-… (or put it in .env), or run the judge on the simulator with base_url: sim / --sim`,
      });
    }
    const provider = createOpenAIProvider({
      baseURL: onSim ? (wiring.simUrl as string) : (j.base_url ?? DEFAULT_BASE_URL),
      apiKey,
      timeoutMs: j.timeout_ms ?? 60_000,
      maxRetries: j.max_retries ?? 4,
    });
    const params = j.api === "embeddings" ? j.params : checkParams(j.api, j.model, j.params).params;
    let judge: JudgeProvider = { ...providerAsJudge(provider), api: j.api, model: j.model, params, stream: j.stream, pricing: targetPricing(j) };
    if (wiring.cache) judge = cachedJudge(judge, wiring.cache.store, wiring.cache);
    if (wiring.budget) judge = budgetedJudge(judge, wiring.budget);
    out.set(j.id, judge);
  }
  return out;
}

/**
 * Judge calls follow the run's `--cache` and `--offline` like the arms' calls, through the
 * same cache (`storeCache`: what it records is masked by the suite's `redact` patterns).
 */
export function judgeCacheMode(cache: ResponseCache, options: { cache?: "read" | "write" | "off"; offline?: boolean }): JudgeWiring["cache"] {
  const mode = options.cache ?? "off";
  if (mode === "off" && !options.offline) return undefined;
  return { store: { cacheGet: cache.get, cachePut: cache.put }, read: mode === "read" || options.offline === true, write: mode === "write", offline: options.offline === true };
}
