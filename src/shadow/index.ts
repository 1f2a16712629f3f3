/**
 * Shadow mode (docs/shadow.md, issue 20): an OpenAI-compatible pass-through proxy that
 * returns production's replies unchanged and mirrors a seeded share of requests, after
 * their reply, to a candidate target, storing each pair in a shadow run.
 */
export { startShadow, DEFAULT_MIRROR_CONCURRENCY, type RunningShadow, type ShadowOptions, type ShadowStatus } from "./shadow-run.js";
export { importRequestMapper, type RequestMapper } from "./request-mapping.js";
export { createShadowRedactor, type Redactor } from "./redaction.js";
export { STATUS_PATH } from "./status.js";
