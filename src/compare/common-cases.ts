import { compareIds } from "../core/index.js";

/**
 * The cases several arms can be compared on (the PM page: any arms, across runs): those every
 * arm answered with the same vars (by vars hash, as pairing two arms does, architecture §9).
 * A case missing from some arm, or asked with other vars, is left out and said why.
 */

export interface ArmCaseSet {
  /** How the arm is named in the reasons, e.g. "triage@gpt-5-mini (run_…)". */
  label: string;
  /** Case id → vars hash, for the cases the arm has attempts for. */
  cases: ReadonlyMap<string, string>;
}

export interface CaseDifference {
  caseId: string;
  reason: string;
}

export interface CommonCases {
  shared: string[];
  differing: CaseDifference[];
}

export function commonCases(arms: readonly ArmCaseSet[]): CommonCases {
  const ids = [...new Set(arms.flatMap((a) => [...a.cases.keys()]))].sort(compareIds);
  const shared: string[] = [];
  const differing: CaseDifference[] = [];
  for (const caseId of ids) {
    const absent = arms.filter((a) => !a.cases.has(caseId)).map((a) => a.label);
    if (absent.length) {
      differing.push({ caseId, reason: `not in ${absent.join(", ")}` });
      continue;
    }
    const byHash = new Map<string, string[]>();
    for (const a of arms) {
      const hash = a.cases.get(caseId) as string;
      byHash.set(hash, [...(byHash.get(hash) ?? []), a.label]);
    }
    if (byHash.size === 1) shared.push(caseId);
    else differing.push({ caseId, reason: `vars differ: ${[...byHash.values()].map((labels) => labels.join(", ")).join(" vs ")}` });
  }
  return { shared, differing };
}
