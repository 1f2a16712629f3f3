import { describe, expect, it } from "vitest";
import type { Attempt, Output } from "../core/index.js";
import { combineFailures, createFailureTally, describeCause, dominantCause, failureCause } from "./failure-causes.js";

const output = (o: Partial<Output> = {}): Output => ({
  api: "responses",
  model: "gpt-5-mini",
  text: "",
  toolCalls: [],
  refusal: null,
  finish: "stop",
  usage: null,
  latency: { ttftMs: null, totalMs: 100 },
  requestId: null,
  raw: { request: null, response: null },
  ...o,
});

const attempt = (arm: string, o: Partial<Attempt> = {}): Attempt => ({
  runId: "r",
  caseId: "c",
  arm,
  repeat: 0,
  status: "ok",
  output: output(),
  error: null,
  tries: 1,
  cost: { usd: 0, inputUsd: 0, outputUsd: 0 },
  scores: [{ grader: "team", type: "equals", value: 0, pass: false, reason: "wrong", weight: 1 }],
  score: 0,
  pass: false,
  startedAt: "",
  finishedAt: "",
  replayed: false,
  simulated: true,
  ...o,
});

const usage = (output: number, reasoning: number) => ({ inputTokens: 50, cachedInputTokens: 0, outputTokens: output, reasoningTokens: reasoning, totalTokens: 50 + output });

describe("failureCause", () => {
  it("says the reasoning spent max_output_tokens when a cut output has no visible tokens, else that the cap was reached", () => {
    expect(failureCause(attempt("a", { output: output({ finish: "length", usage: usage(100, 100) }) }))).toEqual({ key: "length:max_output_tokens reached during reasoning", verb: "incomplete", detail: "max_output_tokens reached during reasoning" });
    expect(failureCause(attempt("a", { output: output({ finish: "length", text: '{"team":', usage: usage(100, 64) }) }))?.detail).toBe("max_output_tokens reached");
  });

  it("names an error by kind and message, a refusal, a schema failure and else the first failing grader; a passing attempt has none", () => {
    const err = attempt("a", { status: "error", output: null, error: { kind: "rate_limit", message: "429  Too Many\nRequests", status: 429, requestId: null, retryable: true }, pass: null });
    expect(failureCause(err)).toMatchObject({ verb: "errored", detail: "rate_limit: 429 Too Many Requests" });
    expect(failureCause(attempt("a", { output: output({ refusal: "I can't" }) }))?.verb).toBe("refused");
    const schema = attempt("a", { scores: [{ grader: "json-schema", type: "json-schema", value: 0, pass: false, reason: "", weight: 1 }] });
    expect(failureCause(schema)?.detail).toBe("the output does not match the output schema");
    // An informational grader (weight 0) never fails the attempt, so it is not the cause.
    const graded = attempt("a", { scores: [{ grader: "note", type: "contains", value: 0, pass: false, reason: "", weight: 0 }, { grader: "team", type: "equals", value: 0, pass: false, reason: "", weight: 1 }] });
    expect(failureCause(graded)?.detail).toBe("grader team");
    expect(failureCause(attempt("a", { pass: true, score: 1 }))).toBeNull();
  });
});

describe("the dominant cause", () => {
  it("is the cause more than half of an arm's failures share, said as 'N of M attempts <verb>: <detail>'", () => {
    const tally = createFailureTally();
    for (let i = 0; i < 240; i++) tally.add(attempt("p@resp-5-mini", { repeat: i, output: output({ finish: "length", usage: usage(100, 100) }) }));
    // The other arm: 3 failures, 1 grader and 2 rate limits of 10 attempts; 2 of 3 is a majority.
    tally.add(attempt("p@chat-41", {}));
    for (let i = 0; i < 2; i++) tally.add(attempt("p@chat-41", { status: "error", output: null, pass: null, error: { kind: "rate_limit", message: "429", status: 429, requestId: null, retryable: true } }));
    const [reasoning, chat] = tally.summaries(new Map([["p@resp-5-mini", 240], ["p@chat-41", 10]]));
    const top = reasoning && dominantCause(reasoning);
    expect(top && describeCause(top, reasoning.attempts)).toBe("240 of 240 attempts incomplete: max_output_tokens reached during reasoning");
    expect(chat?.failures).toBe(3);
    const second = chat && dominantCause(chat);
    expect(second && describeCause(second, chat.attempts)).toBe("2 of 10 attempts errored: rate_limit: 429");
    // Over the run: 240 of 243 failures share the reasoning cause.
    const run = combineFailures([reasoning!, chat!]);
    expect(run).toMatchObject({ attempts: 250, failures: 243 });
    expect(dominantCause(run)?.count).toBe(240);
  });

  it("is none when no cause has a majority of the failures", () => {
    const tally = createFailureTally();
    tally.add(attempt("a", { output: output({ refusal: "no" }) }));
    tally.add(attempt("a"));
    const [s] = tally.summaries(new Map([["a", 2]]));
    expect(s && dominantCause(s)).toBeNull();
  });
});
