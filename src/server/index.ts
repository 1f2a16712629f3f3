/** The dashboard's server (docs/design/architecture.md §10): a read-only JSON API over the store and the built app. */
export { buildApp, type BuildAppOptions } from "./app.js";
export { isLoopbackHost, tokenMatches } from "./auth.js";
export { API_ERRORS, ApiError, type ApiErrorBody, type ApiErrorCode } from "./api-error.js";
export type * from "./api-types.js";
