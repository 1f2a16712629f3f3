/** The store (docs/design/architecture.md §8): runs, attempts, comparisons and the response cache. */
export type {
  ArmSummary,
  AttemptOutcome,
  AttemptPage,
  AttemptQuery,
  RunListQuery,
  RunSummary,
  Store,
  StoredCase,
  StoredComparisonHead,
  StoredSuite,
} from "./store.js";
export { attemptKeyString } from "./store.js";
export { defaultDbPath } from "./db-path.js";
export { responseCacheKey } from "./cache-key.js";
export { redactSecrets } from "./redact-secrets.js";
export { openSqliteStore, type OpenSqliteOptions } from "./sqlite/open.js";
