import { knownModels } from "../core/catalog.js";
import type { SimConfig } from "../core/sim-config.js";

/** The simulator's own epoch for model objects: fixed, so listings are byte-stable. */
const MODEL_CREATED = 1_700_000_000;

export function modelObject(id: string): Record<string, unknown> {
  return { id, object: "model", created: MODEL_CREATED, owned_by: "evalgate-sim" };
}

/** `GET /v1/models` [S: ListModelsResponse]: the configured models and the catalog's. */
export function listModels(config: SimConfig): Record<string, unknown> {
  const ids = new Set<string>([...Object.keys(config.models).filter((m) => m !== "default"), ...knownModels()]);
  return { object: "list", data: [...ids].sort().map(modelObject) };
}
