import { lookupModel, type AnswerIndex, type GraderSpec, type Output, type Score, type SimConfigInput } from "../../src/core/index.js";
import { scoreGrader, type GradeContext, type JudgeProvider } from "../../src/graders/index.js";
import { createOpenAIProvider, providerAsJudge } from "../../src/providers/index.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { makeOutput } from "../../src/graders/fixtures/make-output.js";

/** Two cases the simulator knows: a structured triage answer and a text answer. */
export const TRIAGE_INPUT = "Ticket:\nI returned my order ORD-1 three weeks ago and the refund has still not arrived.";
export const TRIAGE_ANSWER = { team: "billing", summary: "The refund for order ORD-1 has not arrived three weeks after the return." };
export const RESET_INPUT = "How do I reset my password?";
export const RESET_ANSWER = "Open Settings, choose Security, then select Reset password and follow the emailed link.";

export const ANSWER_INDEX: AnswerIndex = {
  entries: [
    { caseId: "refund-late", keys: [TRIAGE_INPUT], answer: TRIAGE_ANSWER },
    { caseId: "reset-password", keys: [RESET_INPUT], answer: RESET_ANSWER },
  ],
};

/** Judge models: a well-behaved one, and one per judge fault. */
export const SIM_CONFIG: SimConfigInput = {
  seed: 11,
  models: {
    "gpt-4.1-mini": { accuracy: 1 },
    "judge-invalid-json": { judge: { invalid_json: 1 } },
    "judge-refusal": { judge: { refusal: 1 } },
    "judge-out-of-range": { judge: { out_of_range: 1 } },
    "judge-down": { faults: { server_error: 1 } },
  },
};

export interface SimJudges {
  sim: RunningSimulator;
  /** A JudgeProvider on the simulator, as `evalgate run` builds one from a `judges:` entry. */
  judge(model: string, options?: { api?: "chat" | "responses" | "embeddings"; stream?: boolean }): JudgeProvider;
  close(): Promise<void>;
}

export async function startSimJudges(config: SimConfigInput = SIM_CONFIG): Promise<SimJudges> {
  const sim = await startSimulator(config, ANSWER_INDEX, { port: 0 });
  const provider = createOpenAIProvider({ baseURL: sim.url, apiKey: "sk-test", timeoutMs: 5000, maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 });
  return {
    sim,
    judge: (model, options = {}) => ({
      ...providerAsJudge(provider),
      api: options.api ?? "responses",
      model,
      stream: options.stream ?? false,
      pricing: lookupModel(model)?.pricing ?? null,
    }),
    close: () => sim.close(),
  };
}

/** The grading context of an attempt of `caseId`, with the judges it may name. */
export function judgeContext(caseId: string, input: string, judges: Record<string, JudgeProvider>, extra: Partial<GradeContext> = {}): GradeContext {
  return {
    caseId,
    vars: {},
    cost: { usd: 0.0001, inputUsd: 0.00008, outputUsd: 0.00002 },
    input,
    attempt: `${caseId}/0`,
    judge: (id) => judges[id],
    ...extra,
  };
}

export function textOutput(text: string, overrides: Partial<Output> = {}): Output {
  const usage = { inputTokens: 120, cachedInputTokens: 0, outputTokens: 30, reasoningTokens: 0, totalTokens: 150 };
  return makeOutput({ text, usage, latency: { ttftMs: 200, totalMs: 500 }, requestId: "req_arm", ...overrides });
}

export function jsonOutput(json: Record<string, unknown>): Output {
  return textOutput(JSON.stringify(json), { json });
}

export function grade(output: Output, spec: Record<string, unknown> & { type: string }, ctx: GradeContext): Promise<Score> {
  return scoreGrader(output, spec as GraderSpec, ctx);
}
