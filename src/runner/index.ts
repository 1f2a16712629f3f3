export * from "./events.js";
export * from "./runner.js";
export * from "./progress.js";
