/** The library surface: what the CLI does, importable. Grows with each module. */
export * from "./core/index.js";
export { startSimulator, buildSimApp, countTokens, type RunningSimulator } from "./sim/index.js";
