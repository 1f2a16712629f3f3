import type { Attempt } from "../core/index.js";
import type { ArmInput, CaseInfo } from "./inputs.js";

/** A case both arms ran on the same vars: its attempts side by side, each ordered by repeat. */
export interface PairedCase {
  caseId: string;
  /** The union of the case's tags in both runs (a case tagged `critical` on either side stays critical). */
  tags: string[];
  /** The case's group (the candidate's table first): the paired test clusters by it. */
  group: string | null;
  /** How often the case's request was seen in imported traffic (1 unless the case table says): the agreement figure weighs by it. */
  weight: number;
  baseline: Attempt[];
  candidate: Attempt[];
}

export interface Pairing {
  /** Ordered by case id, so figures do not depend on the order of the suite or of the attempts. */
  paired: PairedCase[];
  /** Cases whose vars hash differs between the runs: reported, not paired. */
  changedCases: string[];
  onlyInBaseline: string[];
  onlyInCandidate: string[];
}

/**
 * Pairs the two arms by case id (docs/design/architecture.md §9). A case is in an arm when the arm has an
 * attempt for it; the case tables give its tags and vars hash. A case is `changed` when
 * both tables know it and the hashes differ; a case missing from a table (an attempt the
 * table does not describe) cannot be shown changed and is paired on its id.
 */
export function pairByCase(baseline: ArmInput, candidate: ArmInput): Pairing {
  const baseAttempts = attemptsByCase(baseline);
  const candAttempts = attemptsByCase(candidate);
  const baseCases = caseTable(baseline.cases);
  const candCases = caseTable(candidate.cases);
  const pairing: Pairing = { paired: [], changedCases: [], onlyInBaseline: [], onlyInCandidate: [] };
  for (const caseId of sortedIds(baseAttempts.keys())) {
    const cand = candAttempts.get(caseId);
    if (!cand) {
      pairing.onlyInBaseline.push(caseId);
      continue;
    }
    const b = baseCases.get(caseId);
    const c = candCases.get(caseId);
    if (b && c && b.varsHash !== c.varsHash) {
      pairing.changedCases.push(caseId);
      continue;
    }
    pairing.paired.push({ caseId, tags: unionTags(c?.tags, b?.tags), group: c?.group ?? b?.group ?? null, weight: c?.weight ?? b?.weight ?? 1, baseline: baseAttempts.get(caseId) ?? [], candidate: cand });
  }
  pairing.onlyInCandidate = sortedIds(candAttempts.keys()).filter((id) => !baseAttempts.has(id));
  return pairing;
}

function attemptsByCase(side: ArmInput): Map<string, Attempt[]> {
  const byCase = new Map<string, Attempt[]>();
  for (const a of side.attempts) {
    if (a.arm !== side.arm || a.runId !== side.runId) continue;
    const list = byCase.get(a.caseId);
    if (list) list.push(a);
    else byCase.set(a.caseId, [a]);
  }
  for (const list of byCase.values()) list.sort((x, y) => x.repeat - y.repeat);
  return byCase;
}

function caseTable(cases: readonly CaseInfo[]): Map<string, CaseInfo> {
  return new Map(cases.map((c) => [c.id, c]));
}

function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function unionTags(first: readonly string[] | undefined, second: readonly string[] | undefined): string[] {
  const tags = [...(first ?? [])];
  for (const t of second ?? []) if (!tags.includes(t)) tags.push(t);
  return tags;
}
