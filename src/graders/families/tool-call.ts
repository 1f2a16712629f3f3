import { z } from "zod";
import { outputToolCalls, type Output, type OutputToolCall } from "../../core/index.js";
import { describeDifference, firstDifference, type Difference } from "../json-diff.js";
import { defineGraderFamily } from "../registry.js";
import { quoted, show, truncate } from "../show.js";
import type { GraderValue } from "../types.js";

interface ExpectedCall {
  name: string;
  arguments: Record<string, unknown> | undefined;
}

/**
 * tool-call: the output called tool `name` — at position `index` (0-based) or as its
 * `step`-th call (1-based) when given, anywhere otherwise — with arguments containing
 * `arguments` (a subset match: other arguments are allowed; nested objects match as subsets
 * too; "3" equals 3); or, with `order`, its calls were exactly these tools in this order.
 * On a tool loop the calls are the trajectory's, every step's in turn (docs/graders.md).
 */
defineGraderFamily({
  type: "tool-call",
  description: "the output called tool `name`, with arguments containing `arguments` (at position `index`, or as its `step`-th call, when given); or its calls were the tools in `order`",
  kind: "check",
  options: {
    name: z.string().min(1).optional(),
    arguments: z.record(z.string(), z.json()).optional(),
    index: z.number().int().min(0).optional(),
    step: z.number().int().min(1).optional(),
    order: z.array(z.string().min(1)).min(1).optional(),
  },
  grade: async ({ output, spec }) => {
    const calls = callsOf(output);
    if (Array.isArray(spec.order)) return gradeOrder(calls, spec.order as string[]);
    if (typeof spec.name !== "string") return { value: 0, reason: "tool-call: give `name` or `order`", unchecked: true };
    const expected: ExpectedCall = { name: spec.name, arguments: spec.arguments as Record<string, unknown> | undefined };
    const step = spec.step as number | undefined;
    const index = step !== undefined ? step - 1 : (spec.index as number | undefined);
    const label = step !== undefined ? `the ${ordinal(step)} call` : `call #${String(index)}`;
    const want = formatExpected(expected);
    if (calls.length === 0) {
      const text = output.text.trim() ? ` (text: ${quoted(output.text, 60)})` : "";
      return { value: 0, reason: `tool-call: expected ${want}, got no tool call${text}` };
    }
    if (index !== undefined) return gradeAt(calls, index, label, expected, want);
    const match = calls.find((c) => mismatch(c, expected) === null);
    if (match) return { value: 1, reason: `called ${formatCall(match)}` };
    return { value: 0, reason: `tool-call: expected ${want}, got ${describeCalls(calls, expected)}` };
  },
});

/** The calls of an attempt: a tool loop's every step in turn, else the output's own (core outputToolCalls). */
export function callsOf(output: Output): OutputToolCall[] {
  return outputToolCalls(output);
}

/** The calls were exactly the tools of `order`, in that order. */
function gradeOrder(calls: readonly OutputToolCall[], order: readonly string[]): GraderValue {
  const made = calls.map((c) => c.name);
  const shown = (names: readonly string[]) => (names.length ? names.join(" → ") : "no call");
  if (made.length === order.length && made.every((n, i) => n === order[i])) return { value: 1, reason: `called ${shown(made)}` };
  const at = order.findIndex((n, i) => made[i] !== n);
  const where = at === -1 ? `then ${shown(made.slice(order.length))} more` : `call #${at + 1} is ${made[at] ?? "missing"}`;
  return { value: 0, reason: `tool-call: expected the calls ${shown(order)}, got ${shown(made)} (${where})` };
}

/** `label`: how the position is named in the reason ("call #0" for an index, "the 2nd call" for a step). */
function gradeAt(calls: readonly OutputToolCall[], index: number, label: string, expected: ExpectedCall, want: string): GraderValue {
  const call = calls[index];
  if (call === undefined) {
    return { value: 0, reason: `tool-call: expected ${label} to be ${want}, but ${calls.length} call(s) were made: ${calls.map(formatCall).join(", ") || "none"}` };
  }
  if (mismatch(call, expected) === null) return { value: 1, reason: `${label} is ${formatCall(call)}` };
  return { value: 0, reason: `tool-call: expected ${label} to be ${want}, got ${describeCalls([call], expected)}` };
}

/** Why a call is not the expected one; null when it is. */
function mismatch(call: OutputToolCall, expected: ExpectedCall): Difference | "name" | "unparsed" | null {
  if (call.name !== expected.name) return "name";
  if (expected.arguments === undefined) return null;
  if (call.arguments === null) return "unparsed";
  return firstDifference(expected.arguments, call.arguments, { subset: true, looseScalars: true });
}

/** The calls made; for one with the expected name, the first argument that differs. */
function describeCalls(calls: readonly OutputToolCall[], expected: ExpectedCall): string {
  const listed = calls.map(formatCall).join(", ");
  const sameName = calls.find((c) => c.name === expected.name);
  if (!sameName) return listed;
  const why = mismatch(sameName, expected);
  if (why === "unparsed") return `${listed} (its arguments are not valid JSON)`;
  if (why && typeof why === "object") return `${listed} (arguments ${describeDifference(why)})`;
  return listed;
}

function formatExpected(expected: ExpectedCall): string {
  if (expected.arguments === undefined) return `${expected.name}(…)`;
  return `${expected.name}(${formatArgs(expected.arguments)})`;
}

export function formatCall(call: OutputToolCall): string {
  if (call.arguments === null) return `${call.name}(<invalid JSON: ${truncate(call.rawArguments, 40)}>)`;
  return `${call.name}(${formatArgs(call.arguments)})`;
}

function formatArgs(args: Record<string, unknown>): string {
  return Object.entries(args).map(([k, v]) => `${k}=${show(v, 40)}`).join(", ");
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}
