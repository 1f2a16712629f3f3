import { randomBytes } from "node:crypto";

/** Sortable run ids: `run_` + UTC timestamp + random suffix, e.g. run_20261125T204700Z_a1b2c3. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `run_${stamp}_${randomBytes(3).toString("hex")}`;
}

/** An arm is one prompt on one target: `prompt@target`. */
export function armId(promptId: string, targetId: string): string {
  return `${promptId}@${targetId}`;
}

export function parseArmId(arm: string): { promptId: string; targetId: string } {
  const at = arm.lastIndexOf("@");
  if (at <= 0) throw new Error(`not an arm id: ${arm}`);
  return { promptId: arm.slice(0, at), targetId: arm.slice(at + 1) };
}

/** The value of the `x-evalgate-attempt` header: CASE/REPEAT. */
export function attemptTag(caseId: string, repeat: number): string {
  return `${caseId}/${repeat}`;
}

export function parseAttemptTag(tag: string): { caseId: string; repeat: number } | null {
  const slash = tag.lastIndexOf("/");
  if (slash <= 0) return null;
  const repeat = Number(tag.slice(slash + 1));
  if (!Number.isInteger(repeat) || repeat < 0) return null;
  return { caseId: tag.slice(0, slash), repeat };
}

export const ATTEMPT_HEADER = "x-evalgate-attempt";

/**
 * An attempt's identity as one string, (case id, arm, repeat) within a run: what the store
 * reports as completed and the runner skips on resume.
 */
export function attemptKeyString(caseId: string, arm: string, repeat: number): string {
  return `${caseId}\u0000${arm}\u0000${repeat}`;
}
