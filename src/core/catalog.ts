import type { Cost, Usage } from "./output.js";
import type { Api, ModelParams } from "./request.js";

/**
 * The model catalog: prices and capabilities of current OpenAI models (docs/design/architecture.md §4, §6).
 * Prices are USD per 1M tokens, from the OpenAI API pricing page (platform pricing docs),
 * standard tier, as of PRICE_TABLE_VERSION. A target's `pricing` overrides them; an unknown
 * model has an unknown price, never zero.
 */
export const PRICE_TABLE_VERSION = "2025-11-13";
const SOURCE = "OpenAI API pricing (standard tier)";

export interface Pricing {
  input: number;
  /** null when the model has no cached-input discount (cached tokens priced as input). */
  cached_input: number | null;
  output: number;
  source: string;
  asOf: string;
}

export interface ModelInfo {
  id: string;
  kind: "chat" | "embeddings";
  /** Reasoning models spend reasoning tokens and take no temperature / top_p / stop. */
  reasoning: boolean;
  takesTemperature: boolean;
  takesTopP: boolean;
  takesStop: boolean;
  takesReasoningEffort: boolean;
  /** The `reasoning_effort` values the model accepts (empty when it takes none). */
  reasoningEfforts: readonly ReasoningEffort[];
  maxOutputTokens: number;
  contextWindow: number;
  pricing: Pricing | null;
  /** How its image inputs are counted (core/image-tokens.ts); null when it takes no images. */
  vision: VisionRule | null;
}

/**
 * Image input tokens, per OpenAI's "Images and vision" guide ("Calculating costs"): tile
 * models pay `base` + `tile` per 512-px tile; patch models pay 32-px patches × `multiplier`.
 */
export type VisionRule = { kind: "tile"; base: number; tile: number } | { kind: "patch"; multiplier: number };

/**
 * The guide's tables, by model. gpt-5.1 is not in them and is given gpt-5's tiles; o3-mini
 * takes no images. docs/simulator.md "Images" says where billing was reported to differ.
 */
const VISION: Record<string, VisionRule | null> = {
  "gpt-5": { kind: "tile", base: 70, tile: 140 },
  "gpt-5.1": { kind: "tile", base: 70, tile: 140 },
  "gpt-5-mini": { kind: "patch", multiplier: 1.62 },
  "gpt-5-nano": { kind: "patch", multiplier: 2.46 },
  "gpt-4.1": { kind: "tile", base: 85, tile: 170 },
  "gpt-4.1-mini": { kind: "patch", multiplier: 1.62 },
  "gpt-4.1-nano": { kind: "patch", multiplier: 2.46 },
  "gpt-4o": { kind: "tile", base: 85, tile: 170 },
  "gpt-4o-mini": { kind: "tile", base: 2833, tile: 5667 },
  o3: { kind: "tile", base: 75, tile: 150 },
  o1: { kind: "tile", base: 75, tile: 150 },
  "o4-mini": { kind: "patch", multiplier: 1.72 },
  "o3-mini": null,
};

type ReasoningEffort = NonNullable<ModelParams["reasoning_effort"]>;

/** Effort values per family, from the API reference (`none` arrived with gpt-5.1, `minimal` is gpt-5's). */
function effortsOf(id: string): readonly ReasoningEffort[] {
  if (id.startsWith("gpt-5.1")) return ["none", "low", "medium", "high"];
  if (id.startsWith("gpt-5")) return ["minimal", "low", "medium", "high"];
  if (/^o\d/.test(id)) return ["low", "medium", "high"];
  return [];
}

type Row = [id: string, reasoning: boolean, input: number, cached: number | null, output: number, maxOut: number, ctx: number];

const CHAT_MODELS: Row[] = [
  ["gpt-5", true, 1.25, 0.125, 10.0, 128_000, 400_000],
  ["gpt-5-mini", true, 0.25, 0.025, 2.0, 128_000, 400_000],
  ["gpt-5-nano", true, 0.05, 0.005, 0.4, 128_000, 400_000],
  ["gpt-5.1", true, 1.25, 0.125, 10.0, 128_000, 400_000],
  ["gpt-4.1", false, 2.0, 0.5, 8.0, 32_768, 1_047_576],
  ["gpt-4.1-mini", false, 0.4, 0.1, 1.6, 32_768, 1_047_576],
  ["gpt-4.1-nano", false, 0.1, 0.025, 0.4, 32_768, 1_047_576],
  ["gpt-4o", false, 2.5, 1.25, 10.0, 16_384, 128_000],
  ["gpt-4o-mini", false, 0.15, 0.075, 0.6, 16_384, 128_000],
  ["o3", true, 2.0, 0.5, 8.0, 100_000, 200_000],
  ["o4-mini", true, 1.1, 0.275, 4.4, 100_000, 200_000],
  ["o3-mini", true, 1.1, 0.55, 4.4, 100_000, 200_000],
  ["o1", true, 15.0, 7.5, 60.0, 100_000, 200_000],
];

const EMBEDDING_MODELS: Array<[string, number]> = [
  ["text-embedding-3-small", 0.02],
  ["text-embedding-3-large", 0.13],
  ["text-embedding-ada-002", 0.1],
];

const CATALOG = new Map<string, ModelInfo>();
for (const [id, reasoning, input, cached, output, maxOut, ctx] of CHAT_MODELS) {
  CATALOG.set(id, {
    id,
    kind: "chat",
    reasoning,
    takesTemperature: !reasoning,
    takesTopP: !reasoning,
    takesStop: !reasoning,
    takesReasoningEffort: reasoning,
    reasoningEfforts: reasoning ? effortsOf(id) : [],
    maxOutputTokens: maxOut,
    contextWindow: ctx,
    pricing: { input, cached_input: cached, output, source: SOURCE, asOf: PRICE_TABLE_VERSION },
    vision: VISION[id] ?? null,
  });
}
for (const [id, input] of EMBEDDING_MODELS) {
  CATALOG.set(id, {
    id,
    kind: "embeddings",
    reasoning: false,
    takesTemperature: false,
    takesTopP: false,
    takesStop: false,
    takesReasoningEffort: false,
    reasoningEfforts: [],
    maxOutputTokens: 0,
    contextWindow: 8_191,
    pricing: { input, cached_input: null, output: 0, source: SOURCE, asOf: PRICE_TABLE_VERSION },
    vision: null,
  });
}

/**
 * The Batch API's price (docs/reliability.md "Batch runs"): OpenAI bills a request sent
 * through `/v1/batches` at 50% of the list price — input, cached input and output alike —
 * for every model in this table (OpenAI API pricing, "Batch" column, as of
 * PRICE_TABLE_VERSION). A target's own `pricing:` is taken as its list price and halved too.
 */
export const BATCH_PRICE_FACTOR = 0.5;
const BATCH_SOURCE = "OpenAI API pricing (Batch API: 50% of standard)";

/** A list price as the Batch API bills it. */
export function batchPricing(list: Pricing): Pricing {
  return {
    input: list.input * BATCH_PRICE_FACTOR,
    cached_input: list.cached_input === null ? null : list.cached_input * BATCH_PRICE_FACTOR,
    output: list.output * BATCH_PRICE_FACTOR,
    source: list.source === SOURCE ? BATCH_SOURCE : `${list.source}, halved for the Batch API`,
    asOf: list.asOf,
  };
}

/** A target's price through the Batch API (the one definition): pricingFor's, halved; null = unknown. */
export function batchPricingFor(t: Parameters<typeof pricingFor>[0]): Pricing | null {
  const list = pricingFor(t);
  return list ? batchPricing(list) : null;
}

/** Finds a model by id, or by its dated snapshot (`gpt-4.1-mini-2025-04-14` → `gpt-4.1-mini`). */
export function lookupModel(model: string): ModelInfo | undefined {
  const exact = CATALOG.get(model);
  if (exact) return exact;
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, "");
  return base === model ? undefined : CATALOG.get(base);
}

/** A target's or judge's price (the one definition): its own `pricing:`, else the catalog's; null = unknown. */
export function pricingFor(t: { model: string; pricing?: { input: number; cached_input?: number; output: number } | undefined }): Pricing | null {
  if (t.pricing) {
    return { input: t.pricing.input, cached_input: t.pricing.cached_input ?? null, output: t.pricing.output, source: "suite pricing", asOf: "suite" };
  }
  return lookupModel(t.model)?.pricing ?? null;
}

export function knownModels(): string[] {
  return [...CATALOG.keys()];
}

/**
 * Cost of one call. Cached input is priced as cached, reasoning tokens as output
 * (they are part of outputTokens). Unknown pricing or usage → unknown cost.
 */
export function priceUsage(usage: Usage | null, pricing: Pricing | null): Cost {
  if (!usage || !pricing) return { usd: null, inputUsd: null, outputUsd: null };
  const uncached = usage.inputTokens - usage.cachedInputTokens;
  const cachedRate = pricing.cached_input ?? pricing.input;
  const inputUsd = (uncached * pricing.input + usage.cachedInputTokens * cachedRate) / 1e6;
  const outputUsd = (usage.outputTokens * pricing.output) / 1e6;
  return { usd: inputUsd + outputUsd, inputUsd, outputUsd };
}

/**
 * Typical reasoning tokens of one attempt at each `reasoning_effort`: evalgate's own
 * estimates for short classification and extraction prompts, not published figures (OpenAI
 * publishes none; real counts vary with the task). `validate` warns from them when a
 * reasoning model's `max_output_tokens` is likely to be spent on reasoning, a target may
 * override them with `reasoning_tokens_estimate`, and the simulator draws its reasoning
 * tokens around them (src/sim/behaviour.ts): one definition.
 */
export const REASONING_TOKENS_ESTIMATE: Readonly<Record<string, number>> = { none: 0, minimal: 32, low: 128, medium: 384, high: 1024, xhigh: 2048 };

/** The effort a reasoning model reasons at when the request names none (the API's default, medium). */
export const DEFAULT_REASONING_EFFORT = "medium";

/** The estimate at an effort (the default effort when none is given; an unknown effort reads as the default's). */
export function reasoningTokensEstimate(effort: string | null | undefined): number {
  return REASONING_TOKENS_ESTIMATE[effort ?? DEFAULT_REASONING_EFFORT] ?? REASONING_TOKENS_ESTIMATE[DEFAULT_REASONING_EFFORT]!;
}

/**
 * The reasoning-cap pitfall (docs/suite-format.md "max_output_tokens on reasoning models"):
 * reasoning tokens count against `max_output_tokens`, so a cap at or under twice the typical
 * reasoning leaves many attempts cut while still reasoning (Responses `incomplete`, Chat
 * `length`, with no visible output). A warning when the model reasons and the cap is that
 * low; `estimate` is the target's `reasoning_tokens_estimate`, else the catalog's.
 */
export function reasoningCapWarning(model: string, params: ModelParams, estimate?: number): string | null {
  const info = lookupModel(model);
  const cap = params.max_output_tokens;
  if (!info?.reasoning || cap === undefined) return null;
  const effort = params.reasoning_effort ?? DEFAULT_REASONING_EFFORT;
  const typical = estimate ?? reasoningTokensEstimate(effort);
  if (typical === 0 || cap > 2 * typical) return null;
  const source = estimate === undefined ? "the catalog's estimate, not a published figure; set the target's reasoning_tokens_estimate to override" : "the target's reasoning_tokens_estimate";
  return `max_output_tokens ${cap} is likely to be spent on reasoning: ${model} reasons ~${typical} tokens at reasoning_effort ${effort} (${source}), and reasoning counts against the cap; raise max_output_tokens (to ${Math.max(4 * typical, cap * 2)} or more) or lower reasoning_effort`;
}

export interface ParamCheck {
  /** The params the target's request will carry. */
  params: ModelParams;
  /** Params dropped because the model can't take them (docs/design/architecture.md §4: warn, never silently). */
  warnings: string[];
  /** Values the API would reject: load errors. */
  errors: string[];
}

/** Which neutral params a target's model and API can take (docs/design/architecture.md §4). */
export function checkParams(api: Api, model: string, params: ModelParams): ParamCheck {
  const info = lookupModel(model);
  const kept: ModelParams = { ...params };
  const warnings: string[] = [];
  const errors: string[] = [];
  const drop = (key: keyof ModelParams, why: string) => {
    if (kept[key] === undefined) return;
    delete kept[key];
    warnings.push(`${key} dropped: ${why}`);
  };
  if (!info) {
    warnings.push(`model ${model} is not in the model catalog: its params are sent unchecked and its cost is unknown (give the target a \`pricing\` to know it)`);
  } else if (info.kind === "embeddings") {
    errors.push(`${model} is an embeddings model: it cannot be a ${api} target (use it as an embeddings judge)`);
  } else {
    if (!info.takesTemperature) drop("temperature", `${model} is a reasoning model and takes no temperature`);
    if (!info.takesTopP) drop("top_p", `${model} is a reasoning model and takes no top_p`);
    if (!info.takesStop) drop("stop", `${model} takes no stop sequences`);
    if (!info.takesReasoningEffort) drop("reasoning_effort", `${model} is not a reasoning model`);
    const effort = kept.reasoning_effort;
    if (effort !== undefined && !info.reasoningEfforts.includes(effort)) {
      errors.push(`reasoning_effort "${effort}" is not accepted by ${model} (it takes ${info.reasoningEfforts.join(", ")})`);
    }
    const max = params.max_output_tokens;
    if (max !== undefined && max > info.maxOutputTokens) {
      errors.push(`max_output_tokens ${max} exceeds ${model}'s maximum output of ${info.maxOutputTokens} tokens`);
    }
  }
  if (api === "responses") {
    drop("seed", "the Responses API has no seed");
    drop("stop", "the Responses API has no stop sequences");
    const max = params.max_output_tokens;
    if (max !== undefined && max < 16) {
      errors.push(`max_output_tokens must be at least 16 on the Responses API (got ${max})`);
    }
  }
  if (params.temperature !== undefined && (params.temperature < 0 || params.temperature > 2)) {
    errors.push(`temperature must be between 0 and 2 (got ${params.temperature})`);
  }
  if (params.top_p !== undefined && (params.top_p < 0 || params.top_p > 1)) {
    errors.push(`top_p must be between 0 and 1 (got ${params.top_p})`);
  }
  if (Array.isArray(params.stop) && params.stop.length > 4) {
    errors.push(`stop takes at most 4 sequences (got ${params.stop.length})`);
  }
  return { params: kept, warnings, errors };
}
