import { contentText, isToolAnswer, type AnswerIndex, type AnswerIndexEntry, type GenerateRequest, type Output, type SimAnswer } from "../core/index.js";
import { createRedactor } from "../import/redact.js";
import { createRecordedProvider, normalizeRecording } from "../providers/index.js";
import type { AttemptExecutor, GenerateOutcome } from "../runner/index.js";
import { renderPrompt, type LoadedSuite, type SuiteCase } from "../suite/index.js";

/**
 * A suite that replays imported traffic (docs/suite-format.md "Replaying traffic"): its
 * recorded arms' executor, the recordings the `agreement` grader compares with, and the
 * simulator's answers for a candidate on it.
 */

/**
 * A recorded arm's executor: the case's logged reply, normalized, marked replayed (no latency
 * figure or gate counts it), nothing sent. A case without one (imported with --live-baseline)
 * goes to `live`, the target's own endpoint, with the logged request's model.
 */
export function recordedExecutor(suite: LoadedSuite, live?: () => AttemptExecutor): AttemptExecutor {
  const byCase = new Map(suite.cases.flatMap((c) => (c.recorded ? [[c.id, c.recorded] as const] : [])));
  const provider = createRecordedProvider((id) => byCase.get(id));
  let fallback: AttemptExecutor | undefined;
  return {
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateOutcome> {
      const caseId = request.attempt.slice(0, request.attempt.lastIndexOf("/"));
      if (!byCase.has(caseId) && live) return (fallback ??= live()).generate(request, signal);
      const result = await provider.generate(request);
      return result.ok ? { ok: true, output: result.output, tries: 0, replayed: true } : { ok: false, error: result.error, tries: 0 };
    },
  };
}

export interface ReplayGrading {
  /** The case's recording as the agreement grader sees it, normalized for this request. */
  recordedFor(caseId: string, request: GenerateRequest): Output | undefined;
  /** Masks an output's text as the recordings were masked: the built-in kinds and the suite's patterns. */
  redact: (text: string) => string;
}

/** Undefined for a suite without recordings. */
export function replayGrading(suite: LoadedSuite): ReplayGrading | undefined {
  const byCase = new Map(suite.cases.flatMap((c) => (c.recorded ? [[c.id, c] as const] : [])));
  if (byCase.size === 0) return undefined;
  const redactor = createRedactor(suite.redact);
  return {
    recordedFor(caseId, request) {
      const c = byCase.get(caseId);
      if (!c?.recorded) return undefined;
      const result = normalizeRecording(c.recorded, request);
      return result.ok ? redactor.value(result.output) : undefined;
    },
    redact: (text) => redactor.text(text),
  };
}

/**
 * The answer index with each recorded case's logged reply as its answer when the suite's
 * `sim.answer` gives none: a candidate on the simulator answers what production answered,
 * perturbed at its model's accuracy.
 */
export function withRecordedAnswers(suite: LoadedSuite, index: AnswerIndex): AnswerIndex {
  if (suite.sim.answer !== undefined && suite.sim.answer !== null) return index;
  const entries: AnswerIndexEntry[] = [...index.entries];
  for (const c of suite.cases) {
    if (!c.recorded) continue;
    const answer = recordedAnswer(c);
    const keys = lastUserTexts(suite, c);
    if (answer !== undefined && keys.length) entries.push({ caseId: c.id, keys, answer });
  }
  return { entries };
}

function recordedAnswer(c: SuiteCase): SimAnswer | undefined {
  const request: GenerateRequest = { api: c.recorded!.api, model: c.recorded!.model, messages: [], params: {}, attempt: `${c.id}/0`, stream: false, ...(c.request?.output ? { output: c.request.output } : {}) };
  const result = normalizeRecording(c.recorded!, request);
  if (!result.ok) return undefined;
  const out = result.output;
  const call = out.toolCalls[0];
  if (call?.arguments) return { tool: call.name, arguments: call.arguments };
  if (out.json !== null && typeof out.json === "object" && !Array.isArray(out.json)) {
    const json = out.json as Record<string, unknown>;
    // A JSON answer shaped like a tool answer would be read as one.
    return isToolAnswer(json as SimAnswer) ? undefined : json;
  }
  return out.text === "" ? undefined : out.text;
}

function lastUserTexts(suite: LoadedSuite, c: SuiteCase): string[] {
  const keys = new Set<string>();
  for (const prompt of suite.prompts) {
    const { messages } = renderPrompt(prompt, c, suite.images);
    const last = messages.findLast((m) => m.role === "user");
    if (last && last.role === "user") keys.add(contentText(last.content));
  }
  return [...keys];
}
