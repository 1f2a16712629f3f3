import { priceUsage, type Cost, type Output, type Pricing } from "../core/index.js";

/**
 * The cost of an output: cached input at the cached price, reasoning tokens as output
 * (they are part of outputTokens). Unknown pricing or usage → unknown, never zero.
 */
export function costOf(output: Output, pricing: Pricing | null): Cost {
  return priceUsage(output.usage, pricing);
}
