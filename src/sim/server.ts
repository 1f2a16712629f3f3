import type { FastifyInstance } from "fastify";
import type { AnswerIndex, SimConfig, SimConfigInput } from "../core/index.js";
import { createSimApp, type SimAppOptions } from "./app.js";
import { resolveSimConfig } from "./config.js";
import { listenSimulator, type RunningSimulator, type StartSimulatorOptions } from "./listen.js";

export type { RunningSimulator, StartSimulatorOptions } from "./listen.js";

/** Starts the simulator on 127.0.0.1 (docs/design/architecture.md §7), its config validated first. Close it to free the port; hung requests don't delay that. */
export async function startSimulator(config: SimConfigInput | SimConfig, answerIndex?: AnswerIndex, options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return listenSimulator(resolveSimConfig(config), answerIndex, options);
}

/** The simulator as a Fastify instance, not listening (tests use `inject`), its config validated first. */
export function buildSimApp(config: SimConfigInput | SimConfig, answerIndex?: AnswerIndex, options: SimAppOptions = {}): FastifyInstance {
  return createSimApp(resolveSimConfig(config), answerIndex, options).app;
}
