import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import "../graders/index.js";
import { isEvalgateError } from "../core/index.js";
import { buildAnswerIndex } from "./answer-index.js";
import { loadSuite } from "./load-suite.js";
import { planSuite } from "./plan.js";
import { writeSuiteDir } from "./test-suite-dir.js";

const dir = writeSuiteDir({
  "suite.yaml": `name: plan-test
prompts:
  - { id: short, instructions: "Answer for {{team}}.", input: "Q: {{q}}" }
  - id: agent
    messages:
      - { role: system, content: "Be brief." }
      - { role: user, content: "{{q}}" }
      - role: assistant
        content: null
        tool_calls: [{ id: call_1, name: lookup, arguments: { n: "{{n}}", all: "{{order}}" } }]
      - { role: tool, tool_call_id: call_1, content: "{{order}}" }
      - { role: user, content: "And now {{q}}?" }
    tools: [{ name: lookup, parameters: { type: object, properties: { n: { type: integer } } } }]
    tool_choice: auto
targets:
  - { id: chat, api: chat, model: gpt-4.1-mini, params: { temperature: 0, max_output_tokens: 50 } }
  - { id: resp, api: responses, model: gpt-5-mini, params: { temperature: 0, reasoning_effort: low }, stream: false }
cases:
  - { id: c1, vars: { q: one, team: billing, n: 1, order: { id: ORD-1 } }, tags: [critical] }
  - { id: c2, vars: { q: two, team: sales, n: 2, order: { id: ORD-2 } }, graders: [{ type: contains, value: "{{q}}" }] }
  - { id: c3, vars: { q: three, team: tech, n: 3, order: { id: ORD-3 } }, tags: [critical, long] }
graders:
  - { type: contains, value: "x" }
  - { type: equals, path: $.n, value: "{{n}}" }
repeat: 2
compare:
  - { baseline: short@chat, candidate: short@resp }
sim:
  answer: { tool: lookup, arguments: { n: "{{n}}" } }
`,
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const load = () => loadSuite(join(dir, "suite.yaml"));

describe("planSuite", () => {
  test("plans prompts × targets × cases × repeat, with arms prompt@target and their checked params", async () => {
    const plan = planSuite(await load());
    expect(plan.arms.map((a) => a.arm)).toEqual(["short@chat", "short@resp", "agent@chat", "agent@resp"]);
    expect(plan.attempts).toHaveLength(2 * 2 * 3 * 2);
    const resp = plan.arms[1]!;
    expect(resp.params).toEqual({ reasoning_effort: "low" });
    expect(resp.warnings).toEqual(["temperature dropped: gpt-5-mini is a reasoning model and takes no temperature"]);
    expect(plan.attempts.filter((a) => a.caseId === "c2" && a.arm === "agent@resp").map((a) => a.request.attempt)).toEqual(["c2/0", "c2/1"]);
  });

  test("--targets, --filter-tag and --repeat narrow the plan; an unknown target is a BAD_FLAG listing the known", async () => {
    const suite = await load();
    const plan = planSuite(suite, { targets: ["resp"], filterTags: ["critical"], repeat: 3 });
    expect(plan.arms.map((a) => a.arm)).toEqual(["short@resp", "agent@resp"]);
    expect(new Set(plan.attempts.map((a) => a.caseId))).toEqual(new Set(["c1", "c3"]));
    expect(plan.attempts).toHaveLength(2 * 2 * 3);
    expect(() => planSuite(suite, { targets: ["gpt"] })).toThrow(expect.objectContaining({ code: "BAD_FLAG", hint: "targets: chat, resp" }));
  });

  test("renders the neutral request: instructions, input, multi-turn tool calls with typed arguments, tools, stream", async () => {
    const plan = planSuite(await load());
    const short = plan.attempts.find((a) => a.arm === "short@chat" && a.caseId === "c1")!.request;
    expect(short).toMatchObject({ api: "chat", model: "gpt-4.1-mini", instructions: "Answer for billing.", messages: [{ role: "user", content: "Q: one" }], stream: true, params: { temperature: 0, max_output_tokens: 50 } });
    const agent = plan.attempts.find((a) => a.arm === "agent@resp" && a.caseId === "c3")!.request;
    expect(agent.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "three" },
      { role: "assistant", content: null, tool_calls: [{ id: "call_1", name: "lookup", arguments: { n: 3, all: { id: "ORD-3" } } }] },
      { role: "tool", tool_call_id: "call_1", content: '{"id":"ORD-3"}' },
      { role: "user", content: "And now three?" },
    ]);
    expect(agent).toMatchObject({ stream: false, toolChoice: "auto", tools: [{ name: "lookup", strict: false }] });
  });

  test("graders are the suite's then the case's, rendered with the case's vars (typed), static specs shared", async () => {
    const plan = planSuite(await load());
    const c1 = plan.attempts.find((a) => a.caseId === "c1")!;
    const c2 = plan.attempts.find((a) => a.caseId === "c2")!;
    expect(c2.graders.map((g) => [g.type, g.value])).toEqual([["contains", "x"], ["equals", 2], ["contains", "two"]]);
    expect(c1.graders).toHaveLength(2);
    expect(c1.graders[0]).toBe(c2.graders[0]);
  });

  test("a templated grader that renders alike for two cases is one object for both; rendered otherwise, each its own", async () => {
    const shared = writeSuiteDir({
      "s.yaml": [
        "name: shared-graders",
        'prompts: [{ id: p, input: "{{q}}" }]',
        "targets: [{ id: t, api: chat, model: gpt-4.1-mini }]",
        "cases:",
        "  - { id: a, vars: { q: one, team: billing } }",
        "  - { id: b, vars: { q: two, team: billing } }",
        "  - { id: c, vars: { q: three, team: sales } }",
        'graders: [{ type: contains, value: "{{team}}" }]',
        "",
      ].join("\n"),
    });
    try {
      const plan = planSuite(await loadSuite(join(shared, "s.yaml")));
      const grader = (caseId: string) => plan.attempts.find((a) => a.caseId === caseId)!.graders[0]!;
      expect([grader("a").value, grader("b").value, grader("c").value]).toEqual(["billing", "billing", "sales"]);
      expect(grader("a")).toBe(grader("b"));
      expect(grader("a")).not.toBe(grader("c"));
    } finally {
      rmSync(shared, { recursive: true, force: true });
    }
  });

  test("arms are interleaved case by case and repeat by repeat, each in a seeded order of its own", async () => {
    const suite = await load();
    const plan = planSuite(suite);
    // Per case and repeat, one attempt of every arm in a row.
    const blocks: string[][] = [];
    for (let i = 0; i < plan.attempts.length; i += 4) {
      const block = plan.attempts.slice(i, i + 4);
      expect(new Set(block.map((a) => `${a.caseId}/${a.repeat}`)).size).toBe(1);
      blocks.push(block.map((a) => a.arm));
    }
    expect(blocks.map((b) => [...b].sort())).toEqual(blocks.map(() => [...plan.arms.map((a) => a.arm)].sort()));
    // No arm is always first, and the order is the seed's: the same plan twice, another with another seed.
    expect(new Set(blocks.map((b) => b[0])).size).toBeGreaterThan(1);
    expect(planSuite(suite).attempts.map((a) => a.arm)).toEqual(plan.attempts.map((a) => a.arm));
    const reseeded = planSuite({ ...suite, sim: { ...suite.sim, seed: 99 } });
    expect(reseeded.attempts.map((a) => a.arm)).not.toEqual(plan.attempts.map((a) => a.arm));
  });

  test("repeats and targets share one rendered conversation per case and prompt (memory)", async () => {
    const plan = planSuite(await load());
    const c1 = plan.attempts.filter((a) => a.caseId === "c1" && a.arm.startsWith("short@"));
    expect(c1).toHaveLength(4);
    for (const a of c1) expect(a.request.messages).toBe(c1[0]!.request.messages);
    expect(c1[0]!.graders).toBe(c1[3]!.graders);
  });
});

describe("buildAnswerIndex", () => {
  test("keys are each prompt's rendered last user message; answers keep the vars' types", async () => {
    const index = buildAnswerIndex(await load());
    expect(index.entries).toHaveLength(3);
    expect(index.entries[1]).toEqual({ caseId: "c2", keys: ["Q: two", "And now two?"], answer: { tool: "lookup", arguments: { n: 2 } } });
  });

  test("a suite without sim.answer gives no entries", async () => {
    const suite = await load();
    expect(buildAnswerIndex({ ...suite, sim: { ...suite.sim, answer: undefined } }).entries).toEqual([]);
  });
});

describe("compare refs", () => {
  test("a prompt@target ref that names a missing arm is a SUITE_REFERENCE at its position", async () => {
    const bad = writeSuiteDir({ "s.yaml": "name: x\nprompts: [{ id: p, input: hi }]\ntargets: [{ id: t, api: chat, model: gpt-4.1-mini }]\ncases: [{ id: c }]\ncompare:\n  - { baseline: p@t, candidate: q@t }\n" });
    try {
      await loadSuite(join(bad, "s.yaml"));
      expect.unreachable();
    } catch (e) {
      if (!isEvalgateError(e)) throw e;
      expect(e.code).toBe("SUITE_REFERENCE");
      expect(e.location).toMatchObject({ line: 6, col: 33 });
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
