import type { LoopState, Output, OutputToolCall, ToolResult, Trajectory } from "./output.js";

/**
 * Tool loops (docs/design/architecture.md §13): a prompt with `max_steps` and tools that
 * carry an implementation is played as OpenAI's function-calling loop — the model proposes
 * a call, evalgate runs the tool, sends the result back, and asks again until the model
 * answers. The runner drives it (src/runner/tool-loop.ts); these are its shared shapes.
 */

/** The loop settings of a planned attempt. */
export interface ToolLoopSpec {
  maxSteps: number;
  state: LoopState;
  /** The tool names the prompt offers (a call to any other is `unknown_tool`). */
  tools: readonly string[];
}

/** A call the loop asks a tool implementation to run. */
export interface ToolCallRequest {
  callId: string;
  name: string;
  arguments: Record<string, unknown> | null;
  rawArguments: string;
}

/**
 * Runs a prompt's tool implementations for one case (src/suite/tool-host.ts builds it).
 * Never throws for a tool's own failure: that comes back as a result with `error`, sent to
 * the model as real code would send it.
 */
export interface ToolHost {
  call(call: ToolCallRequest, signal?: AbortSignal): Promise<ToolResult>;
}

/** The calls of an attempt's output: a tool loop's every step in turn, else the output's own. */
export function outputToolCalls(output: Pick<Output, "trajectory" | "toolCalls">): OutputToolCall[] {
  return output.trajectory ? trajectoryCalls(output.trajectory) : output.toolCalls;
}

/** Every tool call of a trajectory, in the order the model made them. */
export function trajectoryCalls(trajectory: Trajectory): OutputToolCall[] {
  return trajectory.steps.flatMap((s) => s.toolCalls);
}

export const LOOP_STATES: readonly LoopState[] = ["history", "previous_response_id"];

/** Bounds of what a suite may ask of a loop. */
export const LOOP_LIMITS = {
  /** `max_steps`: model calls of one attempt. */
  maxSteps: 50,
  /** A JavaScript tool's `timeout_ms`. */
  toolTimeoutMs: 60_000,
  /** A tool result's text, in characters (longer ones are a tool error). */
  toolOutputChars: 1024 * 1024,
} as const;
