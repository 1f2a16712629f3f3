/**
 * What a case expects of the simulator (its answer) and how the simulator reads it: no zod
 * here, so the simulator's thread, which gets its config already validated, loads none.
 */
/** One tool call of an answer: the tool and its arguments. */
export interface ToolAnswer {
  tool: string;
  arguments: Record<string, unknown>;
}

/**
 * A tool loop's answer (docs/simulator.md, "Answer sequences"): the model calls `calls` one
 * step at a time, then answers `then` (text, a map, …) once every call has its result.
 */
export interface SequenceAnswer {
  calls: ToolAnswer[];
  then: Exclude<SimAnswer, SequenceAnswer>;
}

/**
 * A case's expected answer, already rendered: a tool call, several tool calls made at once
 * (`{tool_calls: [{tool, arguments}, …]}`, sent as parallel calls when the request allows
 * them), a sequence of calls then an answer (a tool loop), a JSON map, or text.
 */
export type SimAnswer =
  | ToolAnswer
  | { tool_calls: ToolAnswer[] }
  | SequenceAnswer
  | Record<string, unknown>
  | string;

export interface AnswerIndexEntry {
  caseId: string;
  /** Texts that identify this case's requests (the rendered user input). */
  keys: string[];
  answer: SimAnswer;
}

/** What the simulator knows of a suite: no suite code, just texts and answers. */
export interface AnswerIndex {
  entries: AnswerIndexEntry[];
}

export function isToolAnswer(a: unknown): a is ToolAnswer {
  return typeof a === "object" && a !== null && typeof (a as { tool?: unknown }).tool === "string" &&
    typeof (a as { arguments?: unknown }).arguments === "object";
}

/** The tool calls an answer expects, in order: one for `{tool, arguments}`, each of `{tool_calls}`; null for other answers. */
export function toolCallsOf(a: SimAnswer): ToolAnswer[] | null {
  if (isToolAnswer(a)) return [a];
  const calls = typeof a === "object" && a !== null ? (a as { tool_calls?: unknown }).tool_calls : undefined;
  return Array.isArray(calls) && calls.length > 0 && calls.every(isToolAnswer) ? calls : null;
}

/** `{calls: [{tool, arguments}, …], then}` and no other key. */
export function isSequenceAnswer(a: unknown): a is SequenceAnswer {
  if (typeof a !== "object" || a === null || Array.isArray(a)) return false;
  const { calls, then, ...rest } = a as { calls?: unknown; then?: unknown };
  return Array.isArray(calls) && calls.every(isToolAnswer) && then !== undefined && Object.keys(rest).length === 0;
}
