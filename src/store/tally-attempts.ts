import { compareIds, type Attempt } from "../core/index.js";
import { attemptFigures, summarizeArms, type ArmSummary, type AttemptFigures } from "../stats/index.js";

/**
 * The arm summaries of a store that tallies attempts itself (in-memory, Postgres): each
 * attempt's figures through stats' one definition, arms in the run's plan order, then any
 * arm only the attempts know (a merged shard), by id.
 */
export function summarizeAttempts(plannedArms: readonly string[], attempts: Iterable<Attempt>): ArmSummary[] {
  const byArm = new Map<string, AttemptFigures[]>();
  for (const a of attempts) {
    let list = byArm.get(a.arm);
    if (!list) byArm.set(a.arm, (list = []));
    list.push(attemptFigures(a));
  }
  return summarizeFigures(plannedArms, byArm);
}

/** The same from figures already grouped by arm. */
export function summarizeFigures(plannedArms: readonly string[], byArm: ReadonlyMap<string, readonly AttemptFigures[]>): ArmSummary[] {
  return summarizeArms(armsInOrder(plannedArms, byArm.keys()), byArm);
}

/** The order a run's summary lists its arms in: the plan's, then any arm only the attempts know (a merged shard), by id. */
export function armsInOrder(plannedArms: readonly string[], seen: Iterable<string>): string[] {
  return [...plannedArms, ...[...seen].filter((k) => !plannedArms.includes(k)).sort(compareIds)];
}
