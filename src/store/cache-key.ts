import { hashJson } from "../core/index.js";

/**
 * The response cache key (docs/design/architecture.md §8): the hash of the wire request (key order ignored)
 * and the repeat index, so repeat 2 of a case is replayed as repeat 2, not as repeat 0.
 * Endpoint and credentials are not part of the request body and never part of the key.
 */
export function responseCacheKey(wireRequest: unknown, repeat: number): string {
  return hashJson({ request: wireRequest, repeat });
}
