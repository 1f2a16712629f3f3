import { readFileSync } from "node:fs";
import { EvalgateError, LIMITS } from "../core/index.js";
import { createOutputChecks } from "../graders/index.js";
import { parseExchange, readLines } from "../import/index.js";
import { addRequest, createCheckState, decideStage, exchangeResult, parseRolloutArtifact, requestOutcomes, type CheckResult, type RolloutArtifact, type RolloutComparison } from "../rollout/index.js";

export interface RolloutCheckRequest {
  /** The rollout artifact (`evalgate rollout … --format json`). */
  artifact: string;
  /** The stage, in percent, as the artifact's plan lists it. */
  stage: number;
  /** The stage's logs: the canary's (treatment) and the rest's (control), in the logged-exchange format. */
  treatment: string;
  control: string;
  comparisonId?: string;
  /** Overrides the artifact's slow threshold (the eval baseline's p95) with production's own. */
  latencyThresholdMs?: number;
}

export interface RolloutCheckReport extends CheckResult {
  comparison: Pick<RolloutComparison, "id" | "baselineArm" | "candidateArm">;
  slowAboveMs: number | null;
}

/**
 * `evalgate rollout check` as a library call (docs/rollout.md "Checking a stage"): both logs
 * streamed line by line (a line longer than 1 MiB, bad JSON or a bad field is TRAFFIC_INVALID
 * at file:line), each exchange measured as the eval measured attempts, and the stage decided.
 */
export async function checkRolloutStage(request: RolloutCheckRequest): Promise<RolloutCheckReport> {
  const artifact = readArtifact(request.artifact);
  const comparison = pickComparison(artifact, request.comparisonId, request.artifact);
  const stage = comparison.plan.find((s) => s.percent === request.stage);
  if (!stage) {
    throw new EvalgateError("BAD_FLAG", `--stage ${request.stage} is not a stage of ${request.artifact}`, { hint: `its stages: ${artifact.stages.join(", ")} (percent of traffic on the candidate)` });
  }
  const slowAboveMs = request.latencyThresholdMs ?? comparison.slowAboveMs;
  const cost = comparison.metrics.find((m) => m.key === "cost_per_request");
  const scales = { slowAboveMs, costScaleUsd: cost ? cost.scale : null };
  const checks = createOutputChecks({
    ...(comparison.candidate.outputSchema ? { output: { schema: comparison.candidate.outputSchema } } : {}),
    tools: comparison.candidate.tools.map((t) => ({ name: t.name, ...(t.parameters ? { parameters: t.parameters } : {}) })),
  });
  const state = createCheckState();
  for (const [arm, file] of [["treatment", request.treatment], ["control", request.control]] as const) {
    for await (const { line, text } of readLines(file, file, LIMITS.lineBytes)) {
      const exchange = parseExchange(text, file, line);
      if (!exchange) continue;
      const result = exchangeResult(exchange, comparison.candidate.outputSchema, { file, line });
      if (!result) {
        state.unlogged[arm] += 1;
        continue;
      }
      addRequest(state, arm, requestOutcomes(result, checks, scales));
    }
  }
  return { ...decideStage(state, comparison, stage), comparison: { id: comparison.id, baselineArm: comparison.baselineArm, candidateArm: comparison.candidateArm }, slowAboveMs };
}

function readArtifact(path: string): RolloutArtifact {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new EvalgateError("FILE_NOT_FOUND", `cannot read the rollout artifact ${path}`, { location: { file: path }, hint: "write it with `evalgate rollout RUNREF --format json --out rollout.json`" });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new EvalgateError("CONFIG_INVALID", `${path} is not JSON: ${(e as Error).message}`, { location: { file: path }, hint: "the artifact is what `evalgate rollout --format json` writes" });
  }
  return parseRolloutArtifact(value, path);
}

function pickComparison(artifact: RolloutArtifact, id: string | undefined, file: string): RolloutComparison {
  const list = artifact.comparisons.map((c) => `${c.id} (${c.baselineArm} → ${c.candidateArm})`).join(", ");
  const found = id === undefined ? artifact.comparisons : artifact.comparisons.filter((c) => c.id === id || c.id.startsWith(id));
  if (found.length === 1) return found[0]!;
  if (id === undefined) throw new EvalgateError("BAD_FLAG", `${file} holds ${artifact.comparisons.length} comparisons: name one with --comparison ID`, { hint: `its comparisons: ${list || "none"}` });
  throw new EvalgateError("BAD_FLAG", `--comparison ${id} ${found.length ? "matches more than one" : "matches no"} comparison of ${file}`, { hint: `its comparisons: ${list || "none"}` });
}
