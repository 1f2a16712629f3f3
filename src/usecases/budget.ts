import { EvalgateError, pricingFor, type Pricing } from "../core/index.js";
import { Budget, worstCaseCostUsd } from "../runner/index.js";
import type { Plan, PlannedAttempt } from "../suite/index.js";

/**
 * The run's budget (docs/reliability.md), or undefined without one. Every arm must have a
 * known price and a bounded output: an attempt whose worst case is unknown cannot be held
 * to a cap. A resumed run's earlier spend counts against it. `priceOf` is the arms' price
 * (the Batch API's under `--batch`).
 */
export function createRunBudget(plan: Plan, maxUsd: number | undefined, priorSpentUsd: number, priceOf: (target: Plan["arms"][number]["target"]) => Pricing | null = pricingFor): Budget<PlannedAttempt> | undefined {
  if (maxUsd === undefined) return undefined;
  const pricing = new Map(plan.arms.map((a) => [a.arm, priceOf(a.target)]));
  for (const arm of plan.arms) {
    const sample = plan.attempts.find((a) => a.arm === arm.arm);
    if (sample && worstCaseCostUsd(sample.request, pricing.get(arm.arm) ?? null) === null) {
      throw new EvalgateError("BAD_FLAG", `a budget is set, but arm ${arm.arm} has no known price for model ${arm.target.model}, so its attempts' cost cannot be bounded`, {
        hint: `give target ${arm.targetId} \`pricing: { input, output }\` (USD per 1M tokens), or run without --max-cost / budget.max_cost`,
      });
    }
  }
  return new Budget<PlannedAttempt>(maxUsd, (a) => worstCaseCostUsd(a.request, pricing.get(a.arm) ?? null) ?? Number.POSITIVE_INFINITY, priorSpentUsd);
}
