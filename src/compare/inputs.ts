import type { Attempt, GatesSpec, Output, OutputToolCall } from "../core/index.js";

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
  /** What the arm's prompt declared, to check its outputs against (parity's schema and tool-argument validity). */
  contract?: OutputContract;
}

/**
 * Checks an arm's outputs against its prompt's declarations. The use case builds it with the
 * graders' JSON Schema validator (compare does not load one); without it, schema validity is
 * not measured and a tool call's arguments count as valid when they parse as JSON.
 */
export interface OutputContract {
  /** Whether an answered output is valid against the prompt's output schema; null when the prompt has none. */
  schemaValid: ((output: Output) => boolean) | null;
  /** Whether a call's arguments are valid against its tool's parameters (a call to an unknown tool is not). */
  toolArgumentsValid: (call: OutputToolCall) => boolean;
}

/** docs/design/architecture.md §4 `gates:` (the suite schema's type): a comparison's own gates replace the suite's. */
export type GatesConfig = GatesSpec;
