import { EvalgateError, type Attempt, type Comparison, type Run } from "../core/index.js";
import { createOutputChecks } from "../graders/index.js";
import type { ReportInput } from "../report/index.js";
import { buildRolloutArtifact, DEFAULT_STAGES, type CandidateDeclaration, type ComparisonEvidence, type RolloutArtifact } from "../rollout/index.js";
import { isRunFileRef, readRunFile, reportInputFromFile, reportInputFromStore, resolveRunArg } from "./run-files.js";
import { declaredOutputsOf } from "./output-contract.js";
import { openStoreForRefs, withStore } from "./stores.js";

export interface RolloutRequest {
  /** Store location (default: EVALGATE_DB, else .evalgate/evalgate.db). */
  db?: string;
  /** One comparison of the run (its id, or a unique prefix); default: every comparison the run is the candidate of. */
  comparisonId?: string;
  /** Stages in percent of traffic (default 1, 10, 50, 100). */
  stages?: readonly number[];
  trafficPerHour?: number | null;
}

/**
 * `evalgate rollout RUNREF` as a library call (docs/rollout.md): the run's stored comparisons
 * (those it is the candidate of), each with its arms' attempts on the paired cases and the
 * candidate prompt's declared outputs, turned into the rollout artifact.
 */
export async function buildRollout(ref: string, request: RolloutRequest = {}): Promise<RolloutArtifact> {
  const { input, sources } = await loadRolloutInput(ref, request.db);
  const run = input.runs[0]?.run;
  if (!run) throw new EvalgateError("RUNREF_NOT_FOUND", `no run matches ${ref}`);
  const comparisons = pickComparisons(input.comparisons, request.comparisonId, run);
  const evidence = comparisons.map((c) => comparisonEvidence(c, input, sources));
  return buildRolloutArtifact(run, evidence, { stages: request.stages ?? DEFAULT_STAGES, trafficPerHour: request.trafficPerHour ?? null });
}

/** The suite source each run stored (prompts with their output schemas and tools), by run id. */
type Sources = Map<string, unknown>;

async function loadRolloutInput(ref: string, db: string | undefined): Promise<{ input: ReportInput; sources: Sources }> {
  if (isRunFileRef(ref)) {
    const file = readRunFile(ref);
    return { input: reportInputFromFile(file), sources: new Map([[file.run.id, file.suite.source]]) };
  }
  const store = await openStoreForRefs(db, [ref]);
  return withStore(store, async () => {
    const input = await reportInputFromStore(store, await resolveRunArg(store, ref));
    const sources: Sources = new Map();
    for (const r of [...input.runs, ...(input.related ?? [])]) sources.set(r.run.id, await store.getSuiteSource(r.run.suiteHash));
    return { input, sources };
  });
}

function pickComparisons(all: readonly Comparison[], id: string | undefined, run: Run): Comparison[] {
  if (all.length === 0) {
    throw new EvalgateError("BAD_FLAG", `run ${run.id} is the candidate of no stored comparison, so there is nothing to roll out`, {
      hint: "compare it first: `evalgate compare BASE RUN`, or give its suite a `compare:` entry and run it",
    });
  }
  if (id === undefined) return [...all];
  const found = all.filter((c) => c.id === id || c.id.startsWith(id));
  if (found.length !== 1) {
    throw new EvalgateError("BAD_FLAG", `--comparison ${id} ${found.length ? "matches more than one" : "matches no"} comparison of run ${run.id}`, {
      hint: `its comparisons: ${all.map((c) => `${c.id} (${c.baselineArm} → ${c.candidateArm})`).join(", ")}`,
    });
  }
  return found;
}

function comparisonEvidence(c: Comparison, input: ReportInput, sources: Sources): ComparisonEvidence {
  const paired = new Set(c.cases.map((d) => d.caseId));
  const side = (runId: string, arm: string) => {
    const report = [...input.runs, ...(input.related ?? [])].find((r) => r.run.id === runId);
    const attempts: Attempt[] = (report?.attempts ?? []).filter((a) => a.arm === arm && paired.has(a.caseId));
    const declared = report ? declaredOutputsOf(sources.get(runId), report.run, arm) : null;
    return { attempts, checks: createOutputChecks(declared ?? {}), declared, info: report?.run.arms.find((a) => a.arm === arm) };
  };
  const base = side(c.baselineRunId, c.baselineArm);
  const cand = side(c.candidateRunId, c.candidateArm);
  const candidate: CandidateDeclaration = {
    api: cand.info?.api ?? null,
    model: cand.info?.model ?? null,
    outputSchema: cand.declared?.output?.schema ?? null,
    tools: (cand.declared?.tools ?? []).map((t) => ({ name: t.name, parameters: t.parameters ?? null })),
  };
  return { comparison: c, arms: { baseline: base, candidate: cand }, candidate };
}
