import { reasoningTokensEstimate } from "../core/catalog.js";
import { rngFrom } from "../core/random.js";
import type { SimConfig, SimFaults, SimLatency, SimModelConfig } from "../core/sim-config.js";

/** One simulated model's settings, with the defaults filled in. */
export interface ModelBehaviour {
  accuracy: number;
  reasoning: boolean;
  latency: SimLatency | null;
  faults: SimFaults | null;
  /** Chance that a cacheable prompt prefix is warm (docs/simulator.md, "Usage"). */
  cacheHitRate: number;
}

const DEFAULT_ACCURACY = 0.9;
const DEFAULT_CACHE_HIT_RATE = 0.5;

/** gpt-5*, o1*, o3*, o4* reason by default (docs/design/architecture.md §7), like the real models. */
export function isReasoningModelName(model: string): boolean {
  return /^(gpt-5|o1|o3|o4)/.test(model);
}

/** `sim.models[model]`, else `sim.models.default`, else the defaults. */
export function behaviourFor(config: SimConfig, model: string): ModelBehaviour {
  const own: SimModelConfig | undefined = config.models[model] ?? config.models.default;
  return {
    accuracy: own?.accuracy ?? DEFAULT_ACCURACY,
    reasoning: own?.reasoning ?? isReasoningModelName(model),
    latency: own?.latency ?? null,
    faults: own?.faults ?? null,
    cacheHitRate: own?.cache_hit_rate ?? DEFAULT_CACHE_HIT_RATE,
  };
}

/**
 * A case's difficulty: a seeded factor with mean 1, drawn from an exponential law, so
 * most cases are easy and a few are hard. It depends on (seed, case) only, so every
 * model finds the same cases hard and arms are correlated, as with real models.
 */
export function caseDifficulty(seed: number, caseId: string): number {
  const u = rngFrom(seed, "difficulty", caseId)();
  return -Math.log(1 - u);
}

/** P(perturb) = (1 − accuracy) × difficulty, capped to [0, 1]. */
export function perturbProbability(accuracy: number, difficulty: number): number {
  return Math.min(1, Math.max(0, (1 - accuracy) * difficulty));
}

export type Perturbation = "wrong_label" | "wrong_value" | "refusal" | "truncation" | "missing_field" | "invalid_json";

const WEIGHTS: Array<[Perturbation, number]> = [
  ["wrong_label", 0.35],
  ["wrong_value", 0.25],
  ["refusal", 0.1],
  ["truncation", 0.1],
  ["missing_field", 0.1],
  ["invalid_json", 0.1],
];

/** Which perturbations apply: missing fields and invalid JSON only where nothing enforces the schema. */
export interface PerturbationScope {
  structured: boolean;
  strict: boolean;
}

export function pickPerturbation(u: number, scope: PerturbationScope): Perturbation {
  const allowed = WEIGHTS.filter(([kind]) =>
    kind === "missing_field" || kind === "invalid_json" ? scope.structured && !scope.strict : true,
  );
  const total = allowed.reduce((sum, [, w]) => sum + w, 0);
  let acc = 0;
  for (const [kind, w] of allowed) {
    acc += w / total;
    if (u < acc) return kind;
  }
  return allowed[allowed.length - 1]![0];
}

/**
 * The answer stream of one attempt: a pure function of (seed, model, case, repeat),
 * never of the API or of call order. Faults and latency use streams of their own.
 */
export function answerRng(seed: number, model: string, caseKey: string, repeat: number | string): () => number {
  return rngFrom(seed, "answer", model, caseKey, repeat);
}

export type FaultKind =
  | "rate_limit" | "server_error" | "timeout" | "broken_stream_close" | "broken_stream_reset" | "stream_error" | "response_failed";

/**
 * The fault of one request, from a stream apart from the answers. `occurrence` counts the
 * requests already seen for this attempt, so a retry draws afresh but a rerun is identical.
 */
export function drawFault(
  seed: number,
  model: string,
  attemptKey: string,
  occurrence: number,
  faults: SimFaults | null,
  streaming: boolean,
): FaultKind | null {
  if (!faults) return null;
  const rng = rngFrom(seed, "fault", model, attemptKey, occurrence);
  const u = rng();
  let edge = faults.rate_limit;
  if (u < edge) return "rate_limit";
  edge += faults.server_error;
  if (u < edge) return "server_error";
  edge += faults.timeout;
  if (u < edge) return "timeout";
  edge += streaming ? faults.broken_stream : 0;
  if (u < edge) return rng() < 0.5 ? "broken_stream_close" : "broken_stream_reset";
  // Drawn after the older faults, so a config without these draws exactly as before.
  edge += streaming ? faults.stream_error : 0;
  if (u < edge) return "stream_error";
  edge += faults.response_failed;
  if (u < edge) return "response_failed";
  return null;
}

/**
 * Reasoning tokens of one attempt: the catalog's typical figure at the effort (core
 * REASONING_TOKENS_ESTIMATE, the numbers `validate` warns from), varied ±50% by a seeded
 * draw, in steps of 64.
 */
export function reasoningTokens(seed: number, model: string, caseKey: string, repeat: number | string, effort: string | null): number {
  const base = reasoningTokensEstimate(effort);
  if (base === 0) return 0;
  const factor = 0.5 + rngFrom(seed, "reasoning", model, caseKey, repeat)();
  return Math.max(64, Math.round((base * factor) / 64) * 64);
}
