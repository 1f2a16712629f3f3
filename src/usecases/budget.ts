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
  // A recorded arm sends nothing: it holds none of the budget.
  const recorded = new Set(plan.arms.filter((a) => a.target.recorded).map((a) => a.arm));
  for (const arm of plan.arms) {
    if (recorded.has(arm.arm)) continue;
    const sample = plan.attempts.find((a) => a.arm === arm.arm);
    if (sample && worstCaseCostUsd(sample.request, pricing.get(arm.arm) ?? null) === null) {
      throw new EvalgateError("BAD_FLAG", `a budget is set, but arm ${arm.arm} has no known price for model ${arm.target.model}, so its attempts' cost cannot be bounded`, {
        hint: `give target ${arm.targetId} \`pricing: { input, output }\` (USD per 1M tokens), or run without --max-cost / budget.max_cost`,
      });
    }
  }
  // A tool loop may call the model max_steps times: its first call's worst case, that many
  // times (a floor: later calls also resend the earlier replies and tool results). A recorded
  // arm sends nothing.
  const calls = (a: PlannedAttempt) => a.loop?.maxSteps ?? 1;
  return new Budget<PlannedAttempt>(maxUsd, (a) => (recorded.has(a.arm) ? 0 : (worstCaseCostUsd(a.request, pricing.get(a.arm) ?? null) ?? Number.POSITIVE_INFINITY) * calls(a)), priorSpentUsd);
}
