/** The library surface: what the CLI does, importable. Grows with each module. */
export * from "./core/index.js";
