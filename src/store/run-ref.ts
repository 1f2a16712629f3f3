import { EvalgateError, type Run } from "../core/index.js";

/** What resolving a RUNREF needs of a store's runs. */
export interface RunLookup {
  get(id: string): Run | undefined;
  /** Newest first. */
  list(filter: { suite?: string; tag?: string; idPrefix?: string; limit: number }): Run[];
}

/**
 * A RUNREF against one store (docs/design/architecture.md §5): an exact id, `latest`,
 * `tag:NAME` (the latest so tagged), or an unambiguous id prefix of at least 4 characters.
 */
export function findRunByRef(ref: string, suite: string | undefined, runs: RunLookup): Run | undefined {
  if (ref === "latest") return runs.list({ suite, limit: 1 })[0];
  if (ref.startsWith("tag:")) return runs.list({ suite, tag: ref.slice(4), limit: 1 })[0];
  const exact = runs.get(ref);
  if (exact) return exact;
  if (ref.length < 4) return undefined;
  const byPrefix = runs.list({ idPrefix: ref, limit: 2 });
  return byPrefix.length === 1 ? byPrefix[0] : undefined;
}

/** RUNREF_NOT_FOUND, its hint listing the store's recent runs. */
export function describeRecentRuns(ref: string, suite: string | undefined, location: string, recent: readonly Run[]): EvalgateError {
  const scope = suite === undefined ? "" : ` of suite ${suite}`;
  const hint = recent.length
    ? `recent runs: ${recent.map((r) => `${r.id} (${r.suite}${r.tags.length ? `, tag:${r.tags.join(" tag:")}` : ""})`).join(", ")}`
    : `${location} holds no runs yet: run \`evalgate run <suite>\` first`;
  return new EvalgateError("RUNREF_NOT_FOUND", `no run${scope} matches "${ref}" in ${location}`, { hint });
}
