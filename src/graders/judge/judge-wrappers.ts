import { formatUsd, hashJson, type EmbeddingRequest, type GenerateRequest, type Output, type ResponseCache } from "../../core/index.js";
import type { JudgeProvider } from "../types.js";
import { embeddingCostOf, embeddingTokens, judgeCostOf, judgePricingOf } from "./judge-cost.js";

/** The response cache as judges use it: the run's one cache (core ResponseCache), redaction included. */
export type JudgeCache = ResponseCache;

/**
 * The cache key of a judge call: the request without its attempt tag (the same prompt on
 * the same output gets the same verdict, whichever attempt asked), with the judge's
 * endpoint kind so a chat and a responses judge do not share entries.
 */
export function judgeCacheKey(request: GenerateRequest | EmbeddingRequest, kind: "generate" | "embed"): string {
  const { attempt: _attempt, ...rest } = request;
  return hashJson({ judge: kind, request: rest });
}

/**
 * A judge whose replies are cached like other calls (docs/design/architecture.md §8): a hit is served
 * without a call; under `offline` a miss is an error, never a call. A cached generation
 * keeps its usage, so its judge cost is reported as what the verdict cost when made.
 */
export function cachedJudge(judge: JudgeProvider, cache: JudgeCache, mode: { read: boolean; write: boolean; offline?: boolean }): JudgeProvider {
  const through = async <T>(key: string, call: () => Promise<T>): Promise<T> => {
    if (mode.read) {
      const hit = await cache.get(key);
      if (hit !== undefined) return hit as T;
    }
    if (mode.offline) throw new Error("offline and the judge call is not in the cache");
    const fresh = await call();
    if (mode.write) await cache.put(key, fresh);
    return fresh;
  };
  const wrapped: JudgeProvider = {
    ...judge,
    generate: (request, signal) => through<Output>(judgeCacheKey(request, "generate"), () => judge.generate(request, signal)),
  };
  const embed = judge.embed?.bind(judge);
  if (embed) wrapped.embed = (request, signal) => through<number[][]>(judgeCacheKey(request, "embed"), () => embed(request, signal));
  return wrapped;
}

/** A run's budget as judges see it: checked before a call, charged after it. */
export interface JudgeBudget {
  /** Why no more calls may be made, or null when they may. */
  refusal(): string | null;
  charge(usd: number | null): void;
}

/** A budget of `maxUsd` for the calls charged to it (the runner may share one with the arms). */
export function createJudgeBudget(maxUsd: number): JudgeBudget & { spent(): number } {
  let spent = 0;
  return {
    refusal: () => (spent >= maxUsd ? `budget of ${formatUsd(maxUsd)} spent (${formatUsd(spent)})` : null),
    charge: (usd) => {
      spent += usd ?? 0;
    },
    spent: () => spent,
  };
}

/** A judge that stops calling once the budget is spent: the grader records a judge error. */
export function budgetedJudge(judge: JudgeProvider, budget: JudgeBudget): JudgeProvider {
  const wrapped: JudgeProvider = {
    ...judge,
    async generate(request, signal) {
      const refused = budget.refusal();
      if (refused) throw new Error(`budget_exceeded: ${refused}`);
      const output = await judge.generate(request, signal);
      budget.charge(judgeCostOf(output.usage, judgePricingOf(judge, output)).usd);
      return output;
    },
  };
  const embed = judge.embed?.bind(judge);
  if (embed) {
    wrapped.embed = async (request, signal) => {
      const refused = budget.refusal();
      if (refused) throw new Error(`budget_exceeded: ${refused}`);
      const vectors = await embed(request, signal);
      budget.charge(embeddingCostOf(await embeddingTokens(request.input), judge.pricing).usd);
      return vectors;
    };
  }
  return wrapped;
}
