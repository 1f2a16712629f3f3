import { outdatedMethodNote, partialNote, type Comparison } from "../core/verdict.js";
import type { ArmInfo, Run } from "../core/run.js";

/**
 * What a release manager reads first about a comparison (docs/dashboard.md "Release"): the
 * question it answers, in the arms' own terms, and every reason its numbers may not say what
 * they seem to — a partial run, missing shards, a simulator instead of a model, old rules.
 */

export type ReleaseWarningKind = "partial" | "shards" | "simulated" | "outdated" | "pairing";

export interface ReleaseWarning {
  kind: ReleaseWarningKind;
  text: string;
}

/** One shard as the warnings need it (store StoredShard). */
export interface ShardState {
  index: number;
  count: number;
  status: string;
}

const API_NAMES: Record<ArmInfo["api"], string> = { chat: "Chat", responses: "Responses" };

/**
 * "Ship Chat → Responses?", naming what differs between the arms: the API, the model, both
 * ("Chat · gpt-4o-mini → Responses · gpt-5-mini"), else the arms themselves.
 */
export function shipQuestion(c: Pick<Comparison, "baselineArm" | "candidateArm">, baseline: ArmInfo | undefined, candidate: ArmInfo | undefined): string {
  if (!baseline || !candidate) return `Ship ${c.baselineArm} → ${c.candidateArm}?`;
  const apis = baseline.api !== candidate.api;
  const models = baseline.model !== candidate.model;
  const side = (a: ArmInfo) => [apis ? API_NAMES[a.api] : null, models ? a.model : null].filter(Boolean).join(" · ");
  return apis || models ? `Ship ${side(baseline)} → ${side(candidate)}?` : `Ship ${c.baselineArm} → ${c.candidateArm}?`;
}

/** Shards that did not complete: "run X: 2 of 4 shards completed (shard 3 interrupted, shard 4 never recorded)". */
export function shardNote(runId: string, shards: readonly ShardState[]): string | null {
  if (shards.length === 0) return null;
  const count = Math.max(...shards.map((s) => s.count));
  const byIndex = new Map(shards.map((s) => [s.index, s]));
  const missing: string[] = [];
  for (let i = 1; i <= count; i++) {
    const s = byIndex.get(i);
    if (!s) missing.push(`shard ${i} never recorded`);
    else if (s.status !== "completed") missing.push(`shard ${i} ${s.status}`);
  }
  if (missing.length === 0) return null;
  return `run ${runId}: ${count - missing.length} of ${count} shards completed (${missing.join(", ")}): the verdict covers the completed shards' cases only`;
}

export interface ReleaseContext {
  baselineRun: Run | undefined;
  candidateRun: Run | undefined;
  baselineShards: readonly ShardState[];
  candidateShards: readonly ShardState[];
}

/** Every caveat of a comparison's verdict, most serious first. */
export function releaseWarnings(c: Omit<Comparison, "cases">, ctx: ReleaseContext): ReleaseWarning[] {
  const out: ReleaseWarning[] = [];
  const partial = partialNote(c);
  if (partial) out.push({ kind: "partial", text: `${partial}: the verdict covers part of the cases` });
  const runs = c.baselineRunId === c.candidateRunId ? [[c.candidateRunId, ctx.candidateShards] as const] : [[c.baselineRunId, ctx.baselineShards] as const, [c.candidateRunId, ctx.candidateShards] as const];
  for (const [runId, shards] of runs) {
    const note = shardNote(runId, shards);
    if (note) out.push({ kind: "shards", text: note });
  }
  const simulated = [
    ctx.baselineRun?.arms.find((a) => a.arm === c.baselineArm)?.simulated ? `baseline ${c.baselineArm}` : null,
    ctx.candidateRun?.arms.find((a) => a.arm === c.candidateArm)?.simulated ? `candidate ${c.candidateArm}` : null,
  ].filter((s): s is string => s !== null);
  if (simulated.length) out.push({ kind: "simulated", text: `simulated: ${simulated.join(" and ")} answered by evalgate's simulator, not a model: these numbers describe the simulator` });
  const outdated = outdatedMethodNote(c);
  if (outdated) out.push({ kind: "outdated", text: outdated });
  const left = c.changedCases.length + c.onlyInBaseline.length + c.onlyInCandidate.length;
  if (left) out.push({ kind: "pairing", text: `${left} case(s) left out of the pairing (${c.changedCases.length} changed their vars, ${c.onlyInBaseline.length} only in the baseline, ${c.onlyInCandidate.length} only in the candidate)` });
  return out;
}
