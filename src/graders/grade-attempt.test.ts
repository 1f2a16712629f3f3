import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EvalgateError, graderFamilies, graderFamily, graderSpecSchema, type Score } from "../core/index.js";
import { combineGraderSpecs, gradeAttempt, graderFamilyFor, knownGraderTypes, summarizeScores } from "./index.js";
import { defineGraderFamily } from "./registry.js";
import { context, jsonOutput, makeOutput, spec } from "./fixtures/make-output.js";

const triage = jsonOutput({ team: "sales", order_id: "ORD-1", summary: "Late order, wants a refund." });

// A metric family defined the way a later one (similarity, rubric) will be: async, partial values.
defineGraderFamily({
  type: "test-overlap",
  description: "share of `words` found in the output (test family)",
  kind: "metric",
  defaultThreshold: 0.6,
  options: { words: z.array(z.string()) },
  grade: async ({ output, spec: s }) => {
    const words = s.words as string[];
    const found = words.filter((w) => output.text.includes(w)).length;
    return { value: found / words.length, reason: `${found} of ${words.length} words found` };
  },
});
defineGraderFamily({
  type: "test-broken",
  description: "a grader with a bug (test family)",
  kind: "check",
  options: {},
  grade: async () => {
    throw new Error("cannot read the rubric");
  },
});

describe("gradeAttempt: the pass rule", () => {
  it("scores the weighted mean and fails the attempt when a weighted grader fails", async () => {
    const g = await gradeAttempt(triage, [
      spec({ type: "equals", path: "$.team", value: "billing" }),
      spec({ type: "equals", path: "$.order_id", value: "ORD-1", weight: 2 }),
      spec({ type: "contains", path: "$.summary", value: "refund" }),
    ], context());
    expect(g.scores.map((s) => [s.grader, s.value, s.pass, s.weight])).toEqual([
      ["equals $.team", 0, false, 1],
      ["equals $.order_id", 1, true, 2],
      ["contains $.summary", 1, true, 1],
    ]);
    expect(g.score).toBeCloseTo(3 / 4, 12);
    expect(g.pass).toBe(false);
  });

  it("passes when every weighted grader passes", async () => {
    const g = await gradeAttempt(triage, [spec({ type: "equals", path: "$.team", value: "sales" }), spec({ type: "json-schema", schema: { type: "object", required: ["team"] } })], context());
    expect(g).toMatchObject({ score: 1, pass: true });
  });

  it("never fails the attempt on a weight-0 (informational) grader, nor counts it in the score", async () => {
    const g = await gradeAttempt(triage, [
      spec({ type: "equals", path: "$.order_id", value: "ORD-1" }),
      spec({ type: "latency", max_ms: 100, weight: 0 }),
    ], context());
    expect(g.scores[1]).toMatchObject({ pass: false, weight: 0, reason: "latency 812 ms > max 100 ms" });
    expect(g).toMatchObject({ score: 1, pass: true });
  });

  it("skips an unscored grader: it neither counts nor fails", async () => {
    const unknownCost = context({ cost: { usd: null, inputUsd: null, outputUsd: null } });
    const g = await gradeAttempt(triage, [spec({ type: "cost", max_usd: 0.001 }), spec({ type: "equals", path: "$.team", value: "billing" })], unknownCost);
    expect(g.scores[0]).toMatchObject({ value: null, pass: true });
    expect(g).toMatchObject({ score: 0, pass: false });
    const onlyUnscored = await gradeAttempt(triage, [spec({ type: "cost", max_usd: 0.001 })], unknownCost);
    expect(onlyUnscored).toMatchObject({ score: null, pass: true });
  });

  it("an errored attempt (no output) is an error, not a failure", async () => {
    expect(await gradeAttempt(null, [spec({ type: "contains", value: "x" })], context())).toEqual({ scores: [], score: null, pass: null });
  });

  it("applies a metric's default threshold and an explicit one", async () => {
    const out = makeOutput({ text: "refund for the late order" });
    const words = ["refund", "late", "order", "apology", "tracking"];
    const g = await gradeAttempt(out, [spec({ type: "test-overlap", words }), spec({ type: "test-overlap", words, threshold: 0.5 })], context());
    expect(g.scores.map((s) => [s.value, s.pass])).toEqual([[0.6, true], [0.6, true]]);
    expect(g.scores[0]!.reason).toBe("3 of 5 words found [0.6 ≥ threshold 0.6]");
    const strict = await gradeAttempt(out, [spec({ type: "test-overlap", words, threshold: 0.8 })], context());
    expect(strict).toMatchObject({ pass: false });
    expect(strict.scores[0]!.reason).toBe("3 of 5 words found [0.6 < threshold 0.8]");
  });

  it("not inverts a metric's value (1 − value) before the threshold", async () => {
    const out = makeOutput({ text: "refund" });
    const g = await gradeAttempt(out, [spec({ type: "test-overlap", words: ["refund", "late", "order", "x"], not: true })], context());
    expect(g.scores[0]!.value).toBeCloseTo(0.75, 12);
    expect(g.scores[0]!.pass).toBe(true);
  });

  it("turns a grader that throws into a failing score with the message, and goes on", async () => {
    const g = await gradeAttempt(triage, [spec({ type: "test-broken" }), spec({ type: "equals", path: "$.team", value: "sales" })], context());
    expect(g.scores[0]).toMatchObject({ value: 0, pass: false, reason: "test-broken grader error: cannot read the rubric" });
    expect(g).toMatchObject({ score: 0.5, pass: false });
  });

  it("turns an unknown type or options invalid after rendering into a failing score", async () => {
    const g = await gradeAttempt(triage, [spec({ type: "sentiment" }), spec({ type: "latency", max_ms: "fast" })], context());
    expect(g.scores[0]!.reason).toBe("grader not run: unknown grader type 'sentiment'");
    expect(g.scores[1]!.reason).toMatch(/^grader not run: latency grader options are invalid: max_ms: /);
  });

  it("names graders by name, else type and path, unique within the attempt", async () => {
    const g = await gradeAttempt(triage, [
      spec({ type: "contains", value: "a" }),
      spec({ type: "contains", value: "b" }),
      spec({ type: "equals", path: "$.team", value: "sales", name: "routed team" }),
    ], context());
    expect(g.scores.map((s) => s.grader)).toEqual(["contains", "contains #2", "routed team"]);
  });
});

describe("summarizeScores", () => {
  const score = (value: number | null, pass: boolean, weight: number): Score => ({ grader: "g", type: "t", value, pass, reason: "", weight });

  it("is the weighted mean over scored, weighted graders", () => {
    expect(summarizeScores([score(1, true, 3), score(0.5, true, 1), score(0, false, 0), score(null, true, 5)])).toEqual({ score: 3.5 / 4, pass: true });
    expect(summarizeScores([])).toEqual({ score: null, pass: true });
  });
});

describe("combineGraderSpecs: case-level graders", () => {
  it("appends a case's graders, and one named like a suite grader replaces it", () => {
    const suite = [spec({ type: "json-schema" }), spec({ type: "equals", path: "$.team", value: "{{team}}", name: "team" })];
    const own = [spec({ type: "equals", path: "$.team", value: "billing", name: "team", weight: 0 }), spec({ type: "tool-call", name: "lookup_order" })];
    expect(combineGraderSpecs(suite, own)).toEqual([suite[0], own[0], own[1]]);
    expect(combineGraderSpecs(suite)).toEqual(suite);
  });
});

describe("registry", () => {
  it("registers every deterministic family's option schema with core", () => {
    const types = graderFamilies().map((f) => f.type);
    for (const t of ["equals", "contains", "contains-any", "contains-all", "icontains", "regex", "starts-with", "json-schema", "json-equals", "tool-call", "finish", "refusal", "cost", "latency", "javascript"]) {
      expect(types).toContain(t);
      expect(knownGraderTypes()).toContain(t);
    }
  });

  it("validates specs at load: defaults, a bad path, a bad regex, an unknown key", () => {
    const schemaOf = (type: string) => graderSpecSchema(graderFamily(type)!);
    expect(schemaOf("latency").parse({ type: "latency", max_ms: 500 })).toEqual({ type: "latency", max_ms: 500, of: "total", weight: 1, not: false });
    expect(schemaOf("equals").safeParse({ type: "equals", path: "$.items[", value: 1 }).error?.issues[0]?.message).toMatch(/bad bracket/);
    expect(schemaOf("regex").safeParse({ type: "regex", pattern: "(unclosed" }).error?.issues[0]?.message).toMatch(/not a valid regular expression/);
    expect(schemaOf("contains").safeParse({ type: "contains", value: "x", vaule: "y" }).success).toBe(false);
    expect(schemaOf("equals").safeParse({ type: "equals", path: "$.team" }).success).toBe(false);
  });

  it("an unknown type is an error listing the known ones", () => {
    try {
      graderFamilyFor("sentiment");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EvalgateError);
      expect((e as EvalgateError).code).toBe("SUITE_INVALID");
      expect((e as EvalgateError).hint).toMatch(/^known grader types: .*contains-all.*json-schema.*tool-call/);
    }
  });

  it("a metric family must state its default threshold", () => {
    expect(() => defineGraderFamily({ type: "test-no-threshold", description: "", kind: "metric", options: {}, grade: async () => ({ value: 1, reason: "" }) })).toThrow(/must state its default threshold/);
  });
});
