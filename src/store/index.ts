/** The store (docs/design/architecture.md §8): runs, attempts, comparisons, run plans and the response cache. */
export type {
  AttemptFilter,
  AttemptOutcome,
  AttemptPage,
  AttemptQuery,
  ResumeState,
  RunListQuery,
  RunSummary,
  Store,
  StoredCase,
  StoredImage,
  StoredComparisonHead,
  StoredLook,
  StoredShard,
  StoredSuite,
} from "./store.js";
export { attemptKeyString, collect, STREAM_PAGE } from "./store.js";
export { openStore, storeExists, parseStoreLocation, defaultStoreLocation, type OpenStoreOptions, type StoreLocation } from "./open-store.js";
export { responseCacheKey } from "./cache-key.js";
export { redactSecrets } from "./redact-secrets.js";
export { extractImages, imageRefHash, IMAGE_REF_PREFIX } from "./image-refs.js";
