/**
 * The provider never sends what the simulator (as strict as the API, docs/simulator.md "What
 * it rejects") would reject: every wire shape, for every chat model of the catalog, through
 * both APIs and both stream modes, with the params the catalog lets through (prepareRequest
 * drops what a model's family cannot take, and reports what the API would reject as errors).
 */
import { describe, expect, test } from "vitest";
import { knownModels, lookupModel, type ModelParams } from "../../src/core/index.js";
import { prepareRequest } from "../../src/providers/index.js";
import { admitRequest, resolveSimConfig } from "../../src/sim/index.js";
import { SHAPES } from "./shapes.js";

const config = resolveSimConfig({});
const CHAT_MODELS = knownModels().filter((m) => lookupModel(m)?.kind === "chat");
/** Every neutral param, set: the catalog decides which the model takes. */
const ALL_PARAMS: ModelParams = { temperature: 0.3, top_p: 0.9, max_output_tokens: 512, seed: 7, stop: ["END"], store: false };

describe.each(CHAT_MODELS)("%s", (model) => {
  test.each(["chat", "responses"] as const)("every shape through %s is admitted by the simulator", (api) => {
    const effort = lookupModel(model)?.reasoningEfforts[0];
    let checked = 0;
    for (const shape of SHAPES) {
      for (const stream of [false, true]) {
        const made = shape.make(api, stream);
        const params: ModelParams = { ...made.params, ...ALL_PARAMS, ...(effort ? { reasoning_effort: effort } : {}) };
        const prepared = prepareRequest({ ...made, model, params });
        expect(prepared.errors, `${shape.name}: load errors`).toEqual([]);
        expect(() => admitRequest(api, structuredClone(prepared.wire.body), config), `${shape.name} stream=${stream}`).not.toThrow();
        checked++;
      }
    }
    expect(checked).toBe(SHAPES.length * 2);
  });
});
