import { describe, expect, it } from "vitest";
import "../index.js";
import type { LoopStep, Output, Trajectory } from "../../core/index.js";
import { gradeAttempt } from "../grade-attempt.js";
import { context, makeOutput, spec } from "../fixtures/make-output.js";
import { scoreGrader } from "../score.js";

/** A step of a loop: the calls it made (name → arguments), or none for the answer. */
function step(index: number, calls: Array<[string, Record<string, unknown>]>): LoopStep {
  return {
    index, text: calls.length ? "" : "ORD-1 shipped.", finish: calls.length ? "tool_calls" : "stop",
    toolCalls: calls.map(([name, args], i) => ({ id: `call_${index}_${i}`, name, arguments: args, rawArguments: JSON.stringify(args) })),
    results: [], usage: null, latency: { ttftMs: null, totalMs: 100 }, requestId: null, raw: { request: null, response: null },
  };
}

/** The output of a loop whose steps made these calls, then (when `end` is answer) answered. */
function loopOutput(stepsCalls: Array<Array<[string, Record<string, unknown>]>>, end: Trajectory["end"] = "answer", reason = "the model answered"): Output {
  const steps = stepsCalls.map((calls, i) => step(i + 1, calls));
  const last = steps[steps.length - 1]!;
  return makeOutput({ text: last.text, toolCalls: last.toolCalls, trajectory: { end, reason, maxSteps: 4, state: "history", steps } });
}

const grade = (output: Output, fields: { type: string } & Record<string, unknown>) => scoreGrader(output, spec(fields), context());
const lookup: [string, Record<string, unknown>] = ["lookup_order", { order_id: "ORD-1" }];
const status: [string, Record<string, unknown>] = ["get_shipping_status", { tracking_id: "TRK-9" }];
const twoCalls = loopOutput([[lookup], [status], []]);

describe("tool-call on a tool loop's trajectory", () => {
  it("finds a call made at any step, though the final answer holds none", async () => {
    expect(await grade(twoCalls, { type: "tool-call", name: "get_shipping_status", arguments: { tracking_id: "TRK-9" } })).toMatchObject({ pass: true, reason: "called get_shipping_status(tracking_id=TRK-9)" });
  });

  it("step: k checks the k-th call (1-based) and names it", async () => {
    expect(await grade(twoCalls, { type: "tool-call", step: 1, name: "lookup_order", arguments: { order_id: "ORD-1" } })).toMatchObject({ pass: true, reason: "the 1st call is lookup_order(order_id=ORD-1)" });
    expect((await grade(twoCalls, { type: "tool-call", step: 2, name: "lookup_order" })).reason).toBe("tool-call: expected the 2nd call to be lookup_order(…), got get_shipping_status(tracking_id=TRK-9)");
    expect((await grade(twoCalls, { type: "tool-call", step: 3, name: "lookup_order" })).reason).toBe(
      "tool-call: expected the 3rd call to be lookup_order(…), but 2 call(s) were made: lookup_order(order_id=ORD-1), get_shipping_status(tracking_id=TRK-9)",
    );
  });

  it("order: passes on exactly that sequence, and says where another one departs from it", async () => {
    expect(await grade(twoCalls, { type: "tool-call", order: ["lookup_order", "get_shipping_status"] })).toMatchObject({ pass: true, reason: "called lookup_order → get_shipping_status" });
    const reversed = await grade(loopOutput([[status], [lookup], []]), { type: "tool-call", order: ["lookup_order", "get_shipping_status"] });
    expect(reversed).toMatchObject({ pass: false, reason: "tool-call: expected the calls lookup_order → get_shipping_status, got get_shipping_status → lookup_order (call #1 is get_shipping_status)" });
    const extra = await grade(loopOutput([[lookup], [lookup], [status], []]), { type: "tool-call", order: ["lookup_order", "get_shipping_status"] });
    expect(extra.reason).toBe("tool-call: expected the calls lookup_order → get_shipping_status, got lookup_order → lookup_order → get_shipping_status (call #2 is lookup_order)");
    const longer = await grade(loopOutput([[lookup], [status], [status], []]), { type: "tool-call", order: ["lookup_order", "get_shipping_status"] });
    expect(longer.reason).toBe("tool-call: expected the calls lookup_order → get_shipping_status, got lookup_order → get_shipping_status → get_shipping_status (then get_shipping_status more)");
    expect((await grade(makeOutput({ text: "hi" }), { type: "tool-call", order: ["lookup_order"] })).reason).toBe("tool-call: expected the calls lookup_order, got no call (call #1 is missing)");
  });
});

describe("steps", () => {
  it("passes within max (and from min), counting a loop's model calls; a single call is one step", async () => {
    expect(await grade(twoCalls, { type: "steps", max: 3 })).toMatchObject({ pass: true, reason: "took 3 steps" });
    expect(await grade(twoCalls, { type: "steps", max: 2 })).toMatchObject({ pass: false, reason: "steps: expected at most 2, the attempt took 3 steps" });
    expect(await grade(twoCalls, { type: "steps", min: 4 })).toMatchObject({ pass: false, reason: "steps: expected at least 4, the attempt took 3 steps" });
    expect(await grade(makeOutput({ text: "hi" }), { type: "steps", max: 1 })).toMatchObject({ pass: true, reason: "took 1 step" });
  });
});

describe("a tool loop that ended without an answer", () => {
  it("fails its attempt with the loop's reason, first among the scores, whatever the other graders say", async () => {
    const cut = loopOutput([[lookup], [lookup]], "max_steps", "max_steps 2 reached: step 2 still called lookup_order instead of answering");
    const graded = await gradeAttempt(cut, [spec({ type: "tool-call", name: "lookup_order" })], context());
    expect(graded.pass).toBe(false);
    expect(graded.scores.map((s) => [s.type, s.pass])).toEqual([["tool-loop", false], ["tool-call", true]]);
    expect(graded.scores[0]!.reason).toBe("tool loop ended without an answer (max_steps): max_steps 2 reached: step 2 still called lookup_order instead of answering");
    expect(graded.score).toBe(0.5);
  });

  it("adds nothing to a loop that answered", async () => {
    const graded = await gradeAttempt(twoCalls, [spec({ type: "steps", max: 3 })], context());
    expect(graded.scores.map((s) => s.grader)).toEqual(["steps"]);
    expect(graded.pass).toBe(true);
  });
});
