import type { Attempt, GatesSpec } from "../core/index.js";

/** A case as a run saw it: the store's StoredCase fits (its vars are not needed). */
export interface CaseInfo {
  id: string;
  tags: string[];
  /** Hash of the case's vars; pairing across runs needs it equal on both sides. */
  varsHash: string;
  /** `group:`: the paired test clusters by it. */
  group?: string;
  /** How often an imported case's request was seen (absent = 1). */
  weight?: number;
}

/** One side of a comparison: an arm of a run, its attempts and the run's case table. */
export interface ArmInput {
  runId: string;
  /** `prompt@target` */
  arm: string;
  /** The arm's attempts (others, from other arms or runs, are ignored). Raw payloads are not read. */
  attempts: readonly Attempt[];
  cases: readonly CaseInfo[];
  /** A recorded arm (production's logged replies): its latency is never gated. */
  recorded?: boolean;
}

/** docs/design/architecture.md §4 `gates:` (the suite schema's type): a comparison's own gates replace the suite's. */
export type GatesConfig = GatesSpec;
