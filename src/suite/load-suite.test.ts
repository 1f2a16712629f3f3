import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import "../graders/index.js";
import { hashJson } from "../core/index.js";
import { loadSuite } from "./load-suite.js";
import { writeSuiteDir } from "./test-suite-dir.js";

const suiteYaml = (dataset: string, extra = "") => `name: load-test
prompts:
  - id: triage
    instructions: file://prompts/triage.md
    input: "Ticket: {{ticket}}"
    output: { name: triage, schema: file://schemas/triage.json }
targets:
  - { id: chat, api: chat, model: gpt-4.1-mini, params: { temperature: 0, seed: 1 } }
  - { id: resp, api: responses, model: gpt-5-mini, params: { temperature: 0.2, seed: 1, max_output_tokens: 64 }, base_url: sim }
dataset: ${dataset}
graders:
  - { type: json-schema }
  - { type: equals, path: $.team, value: "{{team}}" }
${extra}`;

const schema = JSON.stringify({ type: "object", additionalProperties: false, required: ["team"], properties: { team: { type: "string" } } });
const dir = writeSuiteDir({
  "prompts/triage.md": "Route the ticket.\n",
  "schemas/triage.json": schema,
  "data/rows.jsonl": '{"id": "a", "vars": {"ticket": "refund", "team": "billing"}, "tags": ["critical"]}\n\n{"ticket": "late parcel", "team": "shipping"}\n',
  "data/rows.csv": "id,ticket,team\na,refund,billing\n,\"late, parcel\",shipping\n",
  "data/rows.yaml": "- { id: a, vars: { ticket: refund, team: billing }, tags: [critical] }\n- { ticket: late parcel, team: shipping, n: 2 }\n",
  "jsonl.yaml": suiteYaml("data/rows.jsonl"),
  "csv.yaml": suiteYaml("data/rows.csv"),
  "yaml.yaml": suiteYaml("data/rows.yaml", "sim: { seed: 3, answer: { team: \"{{team}}\" } }"),
  "sim.yaml": "sim: { seed: 99, models: { gpt-5-mini: { accuracy: 0.5 } } }\n",
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadSuite", () => {
  test.each(["jsonl", "csv", "yaml"])("reads a .%s dataset in both row shapes (structured and flat, `row-N` ids)", async (kind) => {
    const suite = await loadSuite(join(dir, `${kind}.yaml`));
    expect(suite.cases.map((c) => c.id)).toEqual(["a", "row-2"]);
    expect(suite.cases[0]).toMatchObject({ vars: { ticket: "refund", team: "billing" }, tags: kind === "csv" ? [] : ["critical"] });
    expect(suite.cases[1]!.vars).toMatchObject({ ticket: kind === "csv" ? "late, parcel" : "late parcel", team: "shipping" });
    expect(suite.cases[1]!.varsHash).toBe(hashJson(suite.cases[1]!.vars));
  });

  test("reads file:// instructions and schemas relative to the suite, and applies defaults", async () => {
    const suite = await loadSuite(join(dir, "jsonl.yaml"));
    expect(suite.prompts[0]).toMatchObject({ instructions: "Route the ticket.", output: { name: "triage", strict: true, schema: JSON.parse(schema) } });
    expect(suite.targets[0]).toMatchObject({ api_key_env: "OPENAI_API_KEY", stream: true });
    expect(suite).toMatchObject({ repeat: 1, compare: [], redact: [], judges: [], description: "" });
    expect(suite.graders[1]).toEqual({ type: "equals", path: "$.team", value: "{{team}}", weight: 1, not: false });
  });

  test("warns, per target, about params the model or API can't take", async () => {
    const suite = await loadSuite(join(dir, "jsonl.yaml"));
    expect(suite.warnings).toEqual([
      "target resp: temperature dropped: gpt-5-mini is a reasoning model and takes no temperature",
      "target resp: seed dropped: the Responses API has no seed",
    ]);
  });

  test("the hash covers the suite text and every referenced file", async () => {
    const before = (await loadSuite(join(dir, "jsonl.yaml"))).hash;
    expect((await loadSuite(join(dir, "jsonl.yaml"))).hash).toBe(before);
    writeFileSync(join(dir, "prompts/triage.md"), "Route the ticket to one team.\n");
    const after = await loadSuite(join(dir, "jsonl.yaml"));
    expect(after.hash).not.toBe(before);
    expect(after.files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(["data/rows.jsonl", "prompts/triage.md", "schemas/triage.json"]);
  });

  test("sim config comes from the suite's `sim:` or, when given, a --sim-config file", async () => {
    expect((await loadSuite(join(dir, "yaml.yaml"))).sim).toMatchObject({ seed: 3, answer: { team: "{{team}}" } });
    expect((await loadSuite(join(dir, "jsonl.yaml"))).sim).toMatchObject({ seed: 0, models: {} });
    const withFile = await loadSuite(join(dir, "yaml.yaml"), { simConfigFile: join(dir, "sim.yaml") });
    expect(withFile.sim).toMatchObject({ seed: 99, models: { "gpt-5-mini": { accuracy: 0.5 } } });
  });

  test("a target's provider kind is one the registry holds; another is a load error at its line and column", async () => {
    await import("../providers/index.js");
    const ok = writeSuiteDir({ "p.yaml": suiteYaml("rows.jsonl").replace("- { id: chat, api: chat,", "- { id: chat, provider: openai, api: chat,"), "rows.jsonl": '{"ticket": "t", "team": "billing"}\n', "prompts/triage.md": "x", "schemas/triage.json": schema });
    const bad = writeSuiteDir({ "p.yaml": suiteYaml("rows.jsonl").replace("- { id: chat, api: chat,", "- { id: chat, provider: anthropic, api: chat,"), "rows.jsonl": '{"ticket": "t", "team": "billing"}\n', "prompts/triage.md": "x", "schemas/triage.json": schema });
    try {
      expect((await loadSuite(join(ok, "p.yaml"))).targets.map((t) => t.provider)).toEqual(["openai", "openai"]);
      const error = await loadSuite(join(bad, "p.yaml")).then(() => undefined, (e: unknown) => e as { code: string; format(): string });
      expect(error?.code).toBe("SUITE_INVALID");
      expect(error?.format()).toMatch(/p\.yaml:8:27: `targets\[0\]\.provider`: unknown provider 'anthropic': known providers are openai/);
    } finally {
      rmSync(ok, { recursive: true, force: true });
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

describe("conversations the API would reject are load errors", () => {
  const withMessages = (messages: string) => `name: pairing
prompts:
  - id: p
    messages:
${messages}
targets:
  - { id: chat, api: chat, model: gpt-4.1-mini }
dataset: rows.jsonl
`;
  const call = '{ role: assistant, content: null, tool_calls: [{ id: call_1, name: route, arguments: {} }] }';
  test.each([
    ["a tool call with no tool message", `      - { role: user, content: "{{q}}" }\n      - ${call}\n      - { role: user, content: again }`, "have no tool message answering them"],
    ["a tool message with no call before it", `      - { role: user, content: "{{q}}" }\n      - { role: tool, tool_call_id: call_1, content: ok }`, "which the assistant message before it did not call"],
  ])("%s", async (_name, messages, error) => {
    const d = writeSuiteDir({ "s.yaml": withMessages(messages), "rows.jsonl": '{"q": "hi"}\n' });
    await expect(loadSuite(join(d, "s.yaml"))).rejects.toThrow(error);
    rmSync(d, { recursive: true, force: true });
  });

  test("a strict output schema with a keyword Structured Outputs lacks", async () => {
    const strict = JSON.stringify({ type: "object", additionalProperties: false, required: ["team"], properties: { team: { type: "string", minLength: 2 } } });
    const d = writeSuiteDir({ "s.yaml": suiteYaml("rows.jsonl").replace("schema: file://schemas/triage.json }", "schema: file://schemas/triage.json, strict: true }"), "rows.jsonl": '{"ticket": "t", "team": "billing"}\n', "prompts/triage.md": "x", "schemas/triage.json": strict });
    await expect(loadSuite(join(d, "s.yaml"))).rejects.toThrow("'minLength' is not permitted");
    rmSync(d, { recursive: true, force: true });
  });
});
