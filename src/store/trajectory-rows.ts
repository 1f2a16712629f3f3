import type { LoopStep, Output } from "../core/index.js";

/** A loop step as a store row holds it: everything but its raw payloads, which have a column of their own. */
export type StepBody = Omit<LoopStep, "raw">;

const NO_RAW = { request: null, response: null };

/**
 * Splits a tool loop's output for storage (docs/design/store.md, "Tool loop steps"): the
 * output with an empty trajectory `steps` (its end, reason and bounds stay on the attempt)
 * and the steps, one row each. An output without a trajectory is returned as it is.
 */
export function splitSteps(output: Output): { output: Output; steps: LoopStep[] } {
  if (!output.trajectory) return { output, steps: [] };
  return { output: { ...output, trajectory: { ...output.trajectory, steps: [] } }, steps: output.trajectory.steps };
}

export function stepBody(step: LoopStep): StepBody {
  const { raw: _raw, ...body } = step;
  return body;
}

/** The output with its steps put back; their raw payloads as read, or empty when not asked for. */
export function joinSteps(output: Output, steps: ReadonlyArray<{ body: StepBody; raw: LoopStep["raw"] | null }>): Output {
  if (!output.trajectory) return output;
  return { ...output, trajectory: { ...output.trajectory, steps: steps.map((s) => ({ ...s.body, raw: s.raw ?? NO_RAW })) } };
}
