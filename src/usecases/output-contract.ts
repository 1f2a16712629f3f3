import type { OutputContract } from "../compare/index.js";
import type { Run } from "../core/index.js";
import { createOutputChecks, type DeclaredOutputs } from "../graders/index.js";

/**
 * An arm's output contract for parity (src/compare/parity.ts): the output schema and tools of
 * the arm's prompt, read from the suite the run stored, checked with the graders' validator.
 * Undefined when the stored suite does not name the prompt (a run file from elsewhere).
 */
export function outputContractOf(source: unknown, run: Run, arm: string): OutputContract | undefined {
  const prompt = declaredOutputsOf(source, run, arm);
  return prompt ? createOutputChecks(prompt) : undefined;
}

/** The arm's prompt as its run stored it (its output schema and tools); null when the stored suite does not name it. */
export function declaredOutputsOf(source: unknown, run: Run, arm: string): DeclaredOutputs | null {
  const promptId = run.arms.find((a) => a.arm === arm)?.promptId;
  const prompts = source !== null && typeof source === "object" && Array.isArray((source as { prompts?: unknown }).prompts) ? ((source as { prompts: unknown[] }).prompts as Array<DeclaredOutputs & { id?: unknown }>) : [];
  return prompts.find((p) => p !== null && typeof p === "object" && p.id === promptId) ?? null;
}
