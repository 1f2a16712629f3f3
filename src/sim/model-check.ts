import { lookupModel } from "../core/catalog.js";
import type { SimConfig } from "../core/sim-config.js";
import { modelNotFound, wrongModelKind } from "./wire-errors.js";

export type ModelKind = "chat" | "embeddings";

/**
 * A model the simulator serves: one in the catalog (src/core/catalog.ts) or in `sim.models`;
 * any model at all when `sim.models.default` is set. Anything else is the API's 404
 * `model_not_found`, so a typo in a model name fails as it would against the real API.
 */
export function checkModelKnown(config: SimConfig, model: string, kind: ModelKind, endpoint: string): void {
  if (config.models[model]) return;
  const info = lookupModel(model);
  if (info) {
    if (info.kind !== kind) throw wrongModelKind(model, endpoint);
    return;
  }
  if (!config.models.default) throw modelNotFound(model);
}

/** `GET /v1/models/{id}`: the same models `checkModelKnown` serves. */
export function modelExists(config: SimConfig, model: string): boolean {
  return Boolean(config.models[model] || config.models.default || lookupModel(model));
}
