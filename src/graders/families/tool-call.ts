import { z } from "zod";
import type { OutputToolCall } from "../../core/index.js";
import { describeDifference, firstDifference, type Difference } from "../json-diff.js";
import { defineGraderFamily } from "../registry.js";
import { quoted, show, truncate } from "../show.js";
import type { GraderValue } from "../types.js";

interface ExpectedCall {
  name: string;
  arguments: Record<string, unknown> | undefined;
}

/**
 * tool-call: the output called tool `name` — at position `index` when given, anywhere
 * otherwise — with arguments containing `arguments` (a subset match: other arguments are
 * allowed; nested objects match as subsets too; "3" equals 3).
 */
defineGraderFamily({
  type: "tool-call",
  description: "the output called tool `name`, with arguments containing `arguments` (at position `index` when given)",
  kind: "check",
  options: {
    name: z.string().min(1),
    arguments: z.record(z.string(), z.json()).optional(),
    index: z.number().int().min(0).optional(),
  },
  grade: async ({ output, spec }) => {
    const expected: ExpectedCall = { name: String(spec.name), arguments: spec.arguments as Record<string, unknown> | undefined };
    const index = spec.index as number | undefined;
    const calls = output.toolCalls;
    const want = formatExpected(expected);
    if (calls.length === 0) {
      const text = output.text.trim() ? ` (text: ${quoted(output.text, 60)})` : "";
      return { value: 0, reason: `tool-call: expected ${want}, got no tool call${text}` };
    }
    if (index !== undefined) return gradeAt(calls, index, expected, want);
    const match = calls.find((c) => mismatch(c, expected) === null);
    if (match) return { value: 1, reason: `called ${formatCall(match)}` };
    return { value: 0, reason: `tool-call: expected ${want}, got ${describeCalls(calls, expected)}` };
  },
});

function gradeAt(calls: readonly OutputToolCall[], index: number, expected: ExpectedCall, want: string): GraderValue {
  const call = calls[index];
  if (call === undefined) {
    return { value: 0, reason: `tool-call: expected call #${index} to be ${want}, but ${calls.length} call(s) were made: ${calls.map(formatCall).join(", ")}` };
  }
  if (mismatch(call, expected) === null) return { value: 1, reason: `call #${index} is ${formatCall(call)}` };
  return { value: 0, reason: `tool-call: expected call #${index} to be ${want}, got ${describeCalls([call], expected)}` };
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
