/**
 * The OpenAI-compatible simulator (docs/design/architecture.md §7): Chat Completions, Responses,
 * embeddings and models over HTTP, with a seeded behaviour model. See docs/simulator.md.
 */
export { resolveSimConfig } from "./config.js";
export { buildSimApp, startSimulator, type RunningSimulator, type StartSimulatorOptions } from "./server.js";
export { listenSimulator } from "./listen.js";
export { spawnSimulatorWorker, startSimulatorWorker, type PendingSimulator, type SimulatorWorker, type WorkerStartOptions } from "./start-worker.js";
export { createSimApp, type SimAppOptions } from "./app.js";
export { countTokens } from "./tokens.js";
export { embedText } from "./embeddings.js";
export { caseDifficulty, perturbProbability, isReasoningModelName, type Perturbation } from "./behaviour.js";
export { loadAnswerIndexFile, loadSimConfigFile } from "./load-files.js";
export { admitRequest } from "./admit.js";
