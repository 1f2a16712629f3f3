/**
 * Fastify's `schemaController.compilersFactory` for servers whose routes declare no schemas
 * (the simulator, the dashboard, the shadow proxy): bodies are checked by our own parsers.
 * With these, Fastify never loads its default compilers (ajv, fast-json-stringify), and the
 * CLI's bundle leaves them out (scripts/bundle-cli.js): a third less code for the
 * simulator's thread to load before it listens (docs/design/performance.md, "Start-up").
 */
const noSchemaCompiler = (): never => {
  throw new Error("evalgate's servers declare no route schemas");
};

export const NO_SCHEMA_COMPILERS = { buildValidator: () => noSchemaCompiler, buildSerializer: () => noSchemaCompiler };
