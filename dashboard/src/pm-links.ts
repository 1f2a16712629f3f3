/** Links to the PM page (`#/pm?arm=RUN_ID:ARM&arm=…`): the `arm` parameter repeats, one per arm. */

export function pmHrefForKeys(keys: readonly string[]): string {
  const q = new URLSearchParams();
  for (const k of keys) q.append("arm", k);
  return `#/pm${keys.length ? `?${q}` : ""}`;
}

/** The PM page over some arms of one run. */
export function pmHref(runId: string, arms: readonly string[]): string {
  return pmHrefForKeys(arms.map((a) => `${runId}:${a}`));
}
