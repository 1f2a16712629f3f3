import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import "../index.js";
import { scoreGrader } from "../score.js";
import { context, jsonOutput, makeOutput, spec } from "../fixtures/make-output.js";
import type { Output } from "../../core/index.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const TEAM = fixture("team-grader.mjs");
const grade = (output: Output, fields: Record<string, unknown>) => scoreGrader(output, spec({ type: "javascript", ...fields }), context());

describe("javascript grader results", () => {
  it("takes { pass, score, reason } from the default export, with the case's vars and id", async () => {
    expect(await grade(jsonOutput({ team: "billing" }), { module: TEAM })).toMatchObject({ value: 1, pass: true, reason: "refund-late: routed to billing" });
    expect(await grade(jsonOutput({ team: "sales" }), { module: TEAM })).toMatchObject({ value: 0, pass: false, reason: "refund-late: expected team billing, got sales" });
  });

  it("takes a boolean as 1 or 0 from a named export", async () => {
    const out = makeOutput({ text: "Refund issued for ORD-1." });
    expect(await grade(out, { module: TEAM, export: "mentionsOrder" })).toMatchObject({ value: 1, pass: true, reason: "src/graders/fixtures/team-grader.mjs#mentionsOrder returned true" });
  });

  it("takes a number as a score that passes at the default threshold 0.5", async () => {
    const r = await grade(makeOutput({ text: "no refund" }), { module: TEAM, export: "partialCredit" });
    expect(r).toMatchObject({ value: 0.75, pass: true });
    expect(r.reason).toMatch(/returned 0\.75 \[0\.75 ≥ threshold 0\.5\]$/);
    expect(await grade(makeOutput({ text: "no" }), { module: TEAM, export: "partialCredit" })).toMatchObject({ value: 0.25, pass: false });
    expect(await grade(makeOutput({ text: "no refund" }), { module: TEAM, export: "partialCredit", threshold: 0.8 })).toMatchObject({ pass: false });
  });

  it("awaits an async function", async () => {
    expect(await grade(makeOutput(), { module: TEAM, export: "slowScore" })).toMatchObject({ value: 0.4, pass: false });
  });

  it("passes the spec's config to the function", async () => {
    const short = makeOutput({ text: "Refund issued." });
    expect(await grade(short, { module: TEAM, export: "usesConfig", config: { max_chars: 20 } })).toMatchObject({ pass: true });
    expect(await grade(short, { module: TEAM, export: "usesConfig", config: { max_chars: 5 } })).toMatchObject({ pass: false });
  });

  it("loads a CommonJS module, whose module.exports is the default export", async () => {
    const cjs = fixture("commonjs-grader.cjs");
    expect(await grade(makeOutput({ text: "short" }), { module: cjs, config: { max_chars: 10 } })).toMatchObject({ value: 1, pass: true });
    const r = await grade(makeOutput({ text: "short" }), { module: cjs });
    expect(r.reason).toBe("javascript grader src/graders/fixtures/commonjs-grader.cjs:3:45 threw RangeError: config.max_chars is required");
  });

  it("gives the function copies, so it cannot change the stored output or vars", async () => {
    const out = makeOutput({ text: "original" });
    const ctx = context();
    await scoreGrader(out, spec({ type: "javascript", module: TEAM, export: "mutatesOutput" }), ctx);
    expect(out.text).toBe("original");
    expect(ctx.vars.team).toBe("billing");
  });
});

describe("javascript grader failures name the module and line", () => {
  it("a function that throws: the reason names its file, line and column", async () => {
    const r = await grade(jsonOutput({ team: "billing" }), { module: fixture("throwing-grader.mjs") });
    expect(r).toMatchObject({ value: 0, pass: false });
    expect(r.reason).toBe("javascript grader src/graders/fixtures/throwing-grader.mjs:3:37 threw TypeError: Cannot read properties of undefined (reading 'name')");
  });

  it("a module that does not parse: the reason names its file and line", async () => {
    const r = await grade(makeOutput(), { module: fixture("syntax-error-grader.mjs") });
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/^javascript grader module src\/graders\/fixtures\/syntax-error-grader\.mjs:3 failed to load: SyntaxError: /);
  });

  it("a module that throws while loading: the reason names its file and line", async () => {
    const r = await grade(makeOutput(), { module: fixture("load-error-grader.mjs") });
    expect(r.reason).toMatch(/^javascript grader module src\/graders\/fixtures\/load-error-grader\.mjs:2:\d+ failed to load: SyntaxError: .*JSON/);
  });

  it("a missing module or export says which", async () => {
    expect((await grade(makeOutput(), { module: fixture("nope.mjs") })).reason).toBe("javascript grader module src/graders/fixtures/nope.mjs not found");
    const r = await grade(makeOutput(), { module: TEAM, export: "gradeTone" });
    expect(r.reason).toMatch(/^javascript grader module src\/graders\/fixtures\/team-grader\.mjs has no function export 'gradeTone' \(its function exports: .*partialCredit/);
  });

  it("a result of the wrong shape, and a function that never returns, fail with a reason", async () => {
    expect((await grade(makeOutput(), { module: TEAM, export: "answersYes" })).reason).toMatch(/returned "yes"; expected a boolean, a number in \[0,1\] or \{ pass, score, reason \}$/);
    const hung = await grade(makeOutput(), { module: TEAM, export: "neverReturns", timeout_ms: 50 });
    expect(hung).toMatchObject({ pass: false, reason: "javascript grader src/graders/fixtures/team-grader.mjs#neverReturns did not return within 50 ms" });
  });

  it("a failure is not inverted by not: true", async () => {
    const r = await grade(jsonOutput({}), { module: fixture("throwing-grader.mjs"), not: true });
    expect(r).toMatchObject({ value: 0, pass: false });
  });
});

describe("javascript grader module paths", () => {
  it("resolves a relative module against the suite's folder, not the working directory", async () => {
    const suiteDir = fileURLToPath(new URL("../fixtures/", import.meta.url));
    const r = await scoreGrader(jsonOutput({ team: "billing" }), spec({ type: "javascript", module: "team-grader.mjs" }), context({ suiteDir }));
    expect(r).toMatchObject({ value: 1, pass: true });
  });
});
