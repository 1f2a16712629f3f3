import { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";

import { contentImages, contentText, countTokensLinear, imageTokensFor, lookupModel, priceUsage, PRICE_TABLE_VERSION, UNKNOWN_IMAGE_SIDE, type GenerateRequest, type NeutralContent, type Pricing } from "../core/index.js";
import type { Plan, SuiteTarget } from "./types.js";

/** o200k tokens of `text`, in linear time whatever its longest word. */
const countTokens = (text: string): number => countTokensLinear(text, countO200k);

/** Output tokens assumed per attempt when a target states no `max_output_tokens`. */
export const ASSUMED_OUTPUT_TOKENS = 256;
/** Past this many distinct requests per arm, input tokens are counted on an even sample and scaled. */
export const TOKEN_SAMPLE = 2_000;
/** Tokens the chat format adds per message (role and separators), as OpenAI's cookbook counts. */
const PER_MESSAGE_TOKENS = 4;

export interface ArmEstimate {
  arm: string;
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  /** true when output tokens are the ASSUMED_OUTPUT_TOKENS guess, not the target's cap. */
  outputAssumed: boolean;
  /** null when the price is unknown. */
  usd: number | null;
  priceSource: string;
  /** true when input tokens were counted on a sample of the requests. */
  sampled: boolean;
}

/** Pricing for a target: its own `pricing`, else the model catalog's; null when unknown. */
export function targetPricing(target: SuiteTarget): Pricing | null {
  if (target.pricing) {
    return { input: target.pricing.input, cached_input: target.pricing.cached_input ?? null, output: target.pricing.output, source: "suite target pricing", asOf: "suite" };
  }
  return lookupModel(target.model)?.pricing ?? null;
}

/** Input tokens of a neutral request: o200k_base for text, tool calls, tools and schema; images by the model's vision rule. */
export function requestInputTokens(req: GenerateRequest): number {
  let tokens = 0;
  if (req.instructions) tokens += countTokens(req.instructions) + PER_MESSAGE_TOKENS;
  for (const m of req.messages) {
    tokens += PER_MESSAGE_TOKENS + (m.content ? contentTokens(m.content, req.model) : 0);
    if (m.role === "assistant") for (const c of m.tool_calls ?? []) tokens += countTokens(c.name + JSON.stringify(c.arguments));
  }
  if (req.tools?.length) tokens += countTokens(JSON.stringify(req.tools));
  if (req.output) tokens += countTokens(JSON.stringify(req.output.schema));
  return tokens;
}

/** A content's text tokens and its images' tokens (an image of unknown size as the simulator counts it, 512 × 512). */
function contentTokens(content: NeutralContent, model: string): number {
  let tokens = countTokens(contentText(content));
  for (const image of contentImages(content)) {
    tokens += imageTokensFor(model, image.source?.width ?? UNKNOWN_IMAGE_SIDE, image.source?.height ?? UNKNOWN_IMAGE_SIDE, image.detail);
  }
  return tokens;
}

/**
 * The estimated cost of a plan per arm: input tokens counted on the rendered requests (one
 * count per distinct conversation, repeats share it), output at the target's
 * max_output_tokens (an upper bound) or ASSUMED_OUTPUT_TOKENS.
 */
export function estimatePlanCost(plan: Plan): ArmEstimate[] {
  return plan.arms.map((arm) => {
    const attempts = plan.attempts.filter((a) => a.arm === arm.arm);
    const distinct = [...new Map(attempts.map((a) => [a.request.messages, a.request])).values()];
    const step = Math.max(1, Math.ceil(distinct.length / TOKEN_SAMPLE));
    let counted = 0;
    let sampleTokens = 0;
    for (let i = 0; i < distinct.length; i += step) {
      sampleTokens += requestInputTokens(distinct[i]!);
      counted += 1;
    }
    const perRequest = counted ? sampleTokens / counted : 0;
    const inputTokens = Math.round(perRequest * attempts.length);
    const cap = arm.params.max_output_tokens;
    const outputTokens = (cap ?? ASSUMED_OUTPUT_TOKENS) * attempts.length;
    const pricing = targetPricing(arm.target);
    const cost = priceUsage({ inputTokens, cachedInputTokens: 0, outputTokens, reasoningTokens: 0, totalTokens: inputTokens + outputTokens }, pricing);
    return {
      arm: arm.arm,
      attempts: attempts.length,
      inputTokens,
      outputTokens,
      outputAssumed: cap === undefined,
      usd: cost.usd,
      priceSource: pricing ? `${pricing.source} ${pricing.asOf === "suite" ? "" : `as of ${PRICE_TABLE_VERSION}`}`.trim() : "unknown",
      sampled: step > 1,
    };
  });
}
