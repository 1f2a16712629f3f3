import { EvalgateError, simConfigSchema, type SimConfig, type SimConfigInput } from "../core/index.js";

/** Fills defaults and rejects an invalid `sim:` config with CONFIG_INVALID. */
export function resolveSimConfig(config: SimConfigInput | SimConfig): SimConfig {
  const parsed = simConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `sim.${issue.path.join(".")}: ` : "";
    throw new EvalgateError("CONFIG_INVALID", `invalid simulator config: ${where}${issue?.message ?? "invalid"}`, {
      hint: "see docs/simulator.md for the `sim:` keys",
    });
  }
  return parsed.data;
}
