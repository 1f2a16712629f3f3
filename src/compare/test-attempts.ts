import type { Attempt, FinishReason, OutputToolCall, Usage } from "../core/index.js";
import type { ArmInput, CaseInfo } from "./inputs.js";

/** Builders for compare tests: attempts whose outcome, score, cost and latency are chosen by hand. */

export interface AttemptSpec {
  runId: string;
  arm: string;
  caseId: string;
  repeat?: number;
  pass?: boolean;
  /** Defaults to 1 when passing, 0 when not. */
  score?: number | null;
  costUsd?: number | null;
  latencyMs?: number;
  ttftMs?: number | null;
  replayed?: boolean;
  /** Answered by a Batch API job (Output.batch set). */
  batched?: boolean;
  finish?: FinishReason;
  refusal?: string | null;
  /** Adds a json-schema score with this pass flag. */
  schemaValid?: boolean;
  text?: string;
  toolCalls?: OutputToolCall[];
  usage?: Usage | null;
}

export function makeOkAttempt(spec: AttemptSpec): Attempt {
  const pass = spec.pass ?? true;
  const score = spec.score === undefined ? (pass ? 1 : 0) : spec.score;
  const scores: Attempt["scores"] = [{ grader: "team", type: "equals", value: score, pass, reason: pass ? "as expected" : "wrong team", weight: 1 }];
  if (spec.schemaValid !== undefined) {
    scores.push({ grader: "json-schema", type: "json-schema", value: spec.schemaValid ? 1 : 0, pass: spec.schemaValid, reason: "schema", weight: 1 });
  }
  return {
    runId: spec.runId,
    arm: spec.arm,
    caseId: spec.caseId,
    repeat: spec.repeat ?? 0,
    status: "ok",
    output: {
      api: "chat",
      model: "gpt-4.1-mini",
      text: spec.text ?? "{}",
      toolCalls: spec.toolCalls ?? [],
      refusal: spec.refusal ?? null,
      finish: spec.finish ?? "stop",
      usage: spec.usage ?? null,
      latency: { ttftMs: spec.ttftMs === undefined ? null : spec.ttftMs, totalMs: spec.latencyMs ?? 100 },
      requestId: null,
      raw: { request: null, response: null },
      ...(spec.batched ? { batch: { batchId: "batch_1", customId: `${spec.caseId}/${spec.repeat ?? 0}` } } : {}),
    },
    error: null,
    tries: 1,
    cost: { usd: spec.costUsd === undefined ? 0.001 : spec.costUsd, inputUsd: null, outputUsd: null },
    scores,
    score,
    pass,
    startedAt: "2026-11-25T10:00:00.000Z",
    finishedAt: "2026-11-25T10:00:01.000Z",
    replayed: spec.replayed ?? false,
    simulated: true,
  };
}

export function makeErrorAttempt(spec: Pick<AttemptSpec, "runId" | "arm" | "caseId" | "repeat">): Attempt {
  return {
    ...makeOkAttempt({ ...spec, pass: false }),
    status: "error",
    output: null,
    error: { kind: "server_error", message: "500 from the endpoint", status: 500, requestId: null, retryable: true },
    tries: 3,
    cost: { usd: null, inputUsd: null, outputUsd: null },
    scores: [],
    score: null,
    pass: null,
  };
}

/**
 * One arm from a compact table: case id → repeats, one letter each: P pass (score 1),
 * F fail (score 0), E error. `tweak` adjusts each attempt (cost, latency, …).
 */
export function armFrom(
  runId: string,
  arm: string,
  outcomes: Record<string, string>,
  cases: CaseInfo[],
  tweak: (spec: AttemptSpec) => AttemptSpec = (s) => s,
): ArmInput {
  const attempts: Attempt[] = [];
  for (const [caseId, letters] of Object.entries(outcomes)) {
    [...letters].forEach((letter, repeat) => {
      const spec = tweak({ runId, arm, caseId, repeat, pass: letter === "P" });
      attempts.push(letter === "E" ? makeErrorAttempt(spec) : makeOkAttempt(spec));
    });
  }
  return { runId, arm, attempts, cases };
}

/** A case table: ids with their tags, vars hash `v-<id>` unless given. */
export function casesOf(ids: string[], tags: Record<string, string[]> = {}, hashes: Record<string, string> = {}): CaseInfo[] {
  return ids.map((id) => ({ id, tags: tags[id] ?? [], varsHash: hashes[id] ?? `v-${id}` }));
}
