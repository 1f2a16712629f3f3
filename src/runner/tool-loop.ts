import type {
  GenerateRequest,
  Latency,
  LoopEnd,
  LoopStep,
  NeutralMessage,
  Output,
  ToolHost,
  ToolLoopSpec,
  ToolResult,
  Usage,
} from "../core/index.js";
import type { AttemptExecutor, GenerateOutcome } from "./executor.js";

/**
 * Plays one attempt's tool loop (docs/design/architecture.md §13, OpenAI's function-calling
 * loop): send the conversation, run every tool call the reply proposes, send the results
 * back, until the model answers without a call. Chat and Responses with `state: history`
 * resend the growing conversation; Responses with `state: previous_response_id` send only
 * the new tool results and name the stored response they follow.
 *
 * A loop that reaches `max_steps` with a call still pending, or whose model calls a tool the
 * prompt does not offer, ends as an output (a graded failure, its reason on the trajectory),
 * not an error. An error of any step is the attempt's error, after that step's retries.
 */
export async function runToolLoop(
  executor: AttemptExecutor,
  request: GenerateRequest,
  loop: ToolLoopSpec,
  host: ToolHost,
  signal?: AbortSignal,
): Promise<GenerateOutcome> {
  const history: NeutralMessage[] = [...request.messages];
  const steps: LoopStep[] = [];
  const outputs: Output[] = [];
  let fresh: NeutralMessage[] = [];
  let previous: string | undefined;
  let tries = 0;
  let replayed = true;
  for (let index = 1; ; index++) {
    // A copy of the history: the request is the caller's to keep (a cache, a log) after the loop goes on.
    const stepRequest: GenerateRequest = previous === undefined ? { ...request, messages: [...history] } : { ...request, messages: fresh, previousResponseId: previous };
    const outcome = await executor.generate(stepRequest, signal);
    tries += outcome.tries;
    if (!outcome.ok) return { ok: false, error: outcome.error, tries };
    replayed &&= outcome.replayed === true;
    const output = outcome.output;
    outputs.push(output);
    const step = toStep(index, output);
    steps.push(step);
    if (output.toolCalls.length === 0) return finish(outputs, steps, loop, "answer", `the model answered after ${plural(index, "step")}`, tries, replayed);
    const unknown = output.toolCalls.find((c) => !loop.tools.includes(c.name));
    if (unknown) {
      return finish(outputs, steps, loop, "unknown_tool", `step ${index} called tool \`${unknown.name}\`, which the prompt does not offer (tools: ${loop.tools.join(", ")})`, tries, replayed);
    }
    if (index >= loop.maxSteps) {
      return finish(outputs, steps, loop, "max_steps", `max_steps ${loop.maxSteps} reached: step ${index} still called ${output.toolCalls.map((c) => c.name).join(", ")} instead of answering`, tries, replayed);
    }
    const results: ToolResult[] = [];
    for (const call of output.toolCalls) {
      results.push(await host.call({ callId: call.id, name: call.name, arguments: call.arguments, rawArguments: call.rawArguments }, signal));
    }
    step.results = results;
    const turn = nextTurn(output, results);
    history.push(...turn);
    // Continuing a stored response: send only the results; a reply without an id falls back to the history.
    const canContinue = loop.state === "previous_response_id" && output.responseId !== undefined;
    previous = canContinue ? output.responseId : undefined;
    fresh = canContinue ? turn.filter((m) => m.role === "tool") : [];
  }
}

/** The assistant's calls and the tools' results, as the next request's messages. */
function nextTurn(output: Output, results: readonly ToolResult[]): NeutralMessage[] {
  const calls = output.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments ?? {} }));
  return [
    { role: "assistant", content: output.text === "" ? null : output.text, tool_calls: calls },
    ...results.map((r): NeutralMessage => ({ role: "tool", tool_call_id: r.callId, content: r.output })),
  ];
}

function toStep(index: number, o: Output): LoopStep {
  return {
    index,
    text: o.text,
    toolCalls: o.toolCalls,
    results: [],
    finish: o.finish,
    usage: o.usage,
    latency: o.latency,
    requestId: o.requestId,
    ...(o.responseId === undefined ? {} : { responseId: o.responseId }),
    raw: o.raw,
  };
}

/** The attempt's output: the last step's, with usage and latency summed over the steps and the trajectory beside them. */
function finish(outputs: readonly Output[], steps: LoopStep[], loop: ToolLoopSpec, end: LoopEnd, reason: string, tries: number, replayed: boolean): GenerateOutcome {
  const last = outputs[outputs.length - 1]!;
  const output: Output = {
    ...last,
    usage: sumUsage(outputs.map((o) => o.usage)),
    latency: sumLatency(outputs.map((o) => o.latency)),
    trajectory: { end, reason, maxSteps: loop.maxSteps, state: loop.state, steps },
  };
  return { ok: true, output, tries, ...(replayed ? { replayed: true } : {}) };
}

/** Tokens summed over the steps; unknown (null) when any step reported none. */
export function sumUsage(usages: readonly (Usage | null)[]): Usage | null {
  if (usages.some((u) => u === null)) return null;
  const total: Usage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0, totalTokens: 0 };
  for (const u of usages as Usage[]) {
    total.inputTokens += u.inputTokens;
    total.cachedInputTokens += u.cachedInputTokens;
    total.outputTokens += u.outputTokens;
    total.reasoningTokens += u.reasoningTokens;
    total.totalTokens += u.totalTokens;
  }
  return total;
}

/** The model's time summed over the steps (tool time is the harness's, not the model's); TTFT is the first step's. */
export function sumLatency(latencies: readonly Latency[]): Latency {
  const first = latencies[0]!;
  const total: Latency = { ttftMs: first.ttftMs, totalMs: latencies.reduce((s, l) => s + l.totalMs, 0) };
  if (latencies.every((l) => l.observed !== undefined)) {
    total.observed = { ttftMs: first.observed!.ttftMs, totalMs: latencies.reduce((s, l) => s + l.observed!.totalMs, 0) };
  }
  return total;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
