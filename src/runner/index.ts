export * from "./events.js";
export * from "./runner.js";
export * from "./progress.js";
export * from "./budget.js";
export * from "./cache.js";
export * from "./backoff.js";
export * from "./redact.js";
export * from "./throttles.js";
