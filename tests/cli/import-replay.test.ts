/**
 * Traffic replay end to end (docs/migration-guide.md): a deterministic 2,000-line log
 * (scripts/make-traffic.js) → `evalgate import --sample 500 --stratify-by metadata.route` →
 * `evalgate run` (production's recorded replies against a Responses candidate on the
 * simulator, on a random loopback port) → a verdict whose agreement gate is recomputed here
 * from the stored attempts. The same from OpenAI's stored completions, served by
 * `evalgate sim --stored` over HTTP, and from stored Responses fetched by id
 * (`openai:responses --ids`) with their input items.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attempt, Comparison, GateResult } from "../../src/core/index.js";
import { wilsonOfRate } from "../../src/stats/index.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";
import { startSimWith, type SimProcess } from "../reliability/harness.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-replay-"));
const traffic = join(dir, "traffic.jsonl");

function makeTraffic(out: string, extra: string[] = []): void {
  const r = spawnSync(process.execPath, [join(repoRoot, "scripts/make-traffic.js"), "--lines", "2000", "--out", out, ...extra], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
}

interface Row {
  id: string;
  weight: number;
  tags: string[];
  request: { tools?: unknown[]; output?: unknown; messages: Array<{ role: string }> };
  recorded?: { api: string };
}
const rows = (file: string): Row[] => readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Row);

/** The stored run: its candidate attempts and case weights. */
async function storedRun(db: string) {
  const store = await openStore(db, { readonly: true });
  try {
    const [summary] = await store.listRuns();
    const { attempts } = await store.listAttempts(summary!.run.id, { limit: 10_000, offset: 0 });
    return { run: summary!.run, attempts, cases: await store.getCases(summary!.run.id) };
  } finally {
    await store.close();
  }
}

/** The agreement figure recomputed from the stored attempts: a case agrees when most repeats pass the agreement grader; weighted; Wilson at Kish's n. */
function recompute(attempts: Attempt[], weights: Map<string, number>, arm: string) {
  let w = 0;
  let agree = 0;
  let squares = 0;
  let cases = 0;
  for (const a of attempts.filter((x) => x.arm === arm)) {
    const score = a.scores.find((s) => s.type === "agreement");
    if (a.status === "ok" && (!score || score.value === null)) continue;
    const weight = weights.get(a.caseId) ?? 1;
    cases++;
    w += weight;
    squares += weight * weight;
    if (score?.pass) agree += weight;
  }
  const share = agree / w;
  const n = (w * w) / squares;
  return { cases, share, ...wilsonOfRate(share, n, 0.95) };
}

function agreementGate(json: string): { gate: GateResult; comparison: Comparison } {
  const report = JSON.parse(readFileSync(json, "utf8")) as { comparisons: Comparison[] };
  const comparison = report.comparisons[0]!;
  return { gate: comparison.verdict.gates.find((g) => g.gate === "agreement")!, comparison };
}

beforeAll(() => makeTraffic(traffic));

describe("evalgate import, then run, from a log", () => {
  const out = join(dir, "suite");
  it("samples 500 distinct requests in proportion to each route's traffic, with tool calls and structured outputs", async () => {
    const r = await runCli(["import", traffic, "--sample", "500", "--stratify-by", "metadata.route", "--out", out, "--name", "replay"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2,000 logged exchanges, [\d,]+ distinct requests → 500 cases/);
    const data = rows(join(out, "replay.jsonl"));
    expect(data).toHaveLength(500);
    expect(new Set(data.map((d) => d.id)).size).toBe(500);
    expect(data.every((d) => d.recorded?.api === "chat")).toBe(true);
    expect(data.some((d) => d.request.tools?.length)).toBe(true);
    expect(data.some((d) => d.request.output)).toBe(true);
    expect(data.some((d) => d.request.messages.some((m) => m.role === "tool"))).toBe(true);
    expect(data.some((d) => d.weight > 1)).toBe(true);
    // Each stratum's share of the sample is its share of the traffic, to the nearest case.
    const strata = [...r.stdout.matchAll(/^ {4}(\w+): ([\d,]+) \/ ([\d,]+) \/ ([\d,]+)$/gm)].map((m) => ({ route: m[1]!, traffic: Number(m[3]!.replace(/,/g, "")), taken: Number(m[4]!.replace(/,/g, "")) }));
    expect(strata.map((s) => s.route).sort()).toEqual(["account", "billing", "shipping", "technical"]);
    const total = strata.reduce((t, s) => t + s.traffic, 0);
    for (const s of strata) {
      expect(Math.abs(s.taken - (500 * s.traffic) / total)).toBeLessThanOrEqual(1);
      expect(data.filter((d) => d.tags.includes(`route:${s.route}`))).toHaveLength(s.taken);
    }
  });

  it("runs the recorded baseline against a Responses candidate, and the agreement gate's figures are the stored attempts'", async () => {
    const db = join(dir, "e.db");
    const json = join(dir, "out.json");
    const r = await runCli(["run", join(out, "replay.yaml"), "--sim", "--db", db, "--json", json], { timeoutMs: 120_000 });
    expect(r.stderr).not.toContain("error[");
    expect([0, 1, 4]).toContain(r.code);
    expect(r.stdout).toMatch(/agreement +(PASS|FAIL|INCONCLUSIVE)/);
    const { run, attempts, cases } = await storedRun(db);
    expect(run.arms.find((a) => a.targetId === "production")?.recorded).toBe(true);
    const baseline = attempts.filter((a) => a.arm === "logged@production");
    expect(baseline).toHaveLength(500);
    // Nothing was sent for the recording: replayed, no tries, priced as what production paid.
    expect(baseline.every((a) => a.replayed && a.tries === 0 && a.status === "ok" && (a.cost.usd ?? 0) > 0)).toBe(true);
    const candidate = attempts.filter((a) => a.arm === "logged@candidate");
    expect(candidate.every((a) => a.output?.api === "responses" && !a.replayed)).toBe(true);
    const weights = new Map(cases.map((c) => [c.id, c.weight ?? 1]));
    expect([...weights.values()].some((w) => w > 1)).toBe(true);
    const expected = recompute(candidate, weights, "logged@candidate");
    const { gate, comparison } = agreementGate(json);
    expect(expected.cases).toBe(500);
    expect(gate.figure).toBeCloseTo(expected.share, 10);
    expect(gate.interval![0]).toBeCloseTo(expected.low, 10);
    expect(gate.interval![1]).toBeCloseTo(expected.high, 10);
    expect(gate.status).toBe(expected.low >= 0.95 ? "PASS" : expected.high < 0.95 ? "FAIL" : "INCONCLUSIVE");
    // The simulator's default accuracy (0.9) disagrees on about a tenth of the cases.
    expect(expected.share).toBeGreaterThan(0.8);
    expect(expected.share).toBeLessThan(0.98);
    expect(comparison.figures.agreement?.cases).toBe(500);
    // Each route is a slice with its own agreement figure.
    expect(Object.keys(comparison.slices).sort()).toEqual(["route:account", "route:billing", "route:shipping", "route:technical"]);
    expect(comparison.slices["route:billing"]?.agreement?.cases).toBe(rows(join(out, "replay.jsonl")).filter((d) => d.tags.includes("route:billing")).length);
  });
});

describe("evalgate import openai:chat-completions, from the simulator's stored completions", () => {
  let sim: SimProcess | undefined;
  let url = "";
  beforeAll(async () => {
    sim = await startSimWith(["--stored", traffic]);
    url = sim.url;
  });
  afterAll(async () => sim?.stop());

  it("lists the billing route's completions page by page, takes the schema from --prompt, and decides the agreement gate", async () => {
    const out = join(dir, "stored");
    const prompt = join(dir, "prompt.yaml");
    writeFileSync(prompt, [
      "output:",
      "  name: triage",
      "  strict: true",
      "  schema: { type: object, additionalProperties: false, required: [team, order_id, priority], properties: { team: { type: string, enum: [billing, refunds, fraud] }, order_id: { type: string }, priority: { type: string, enum: [low, high] } } }",
      "params: { temperature: 0, max_output_tokens: 256 }",
    ].join("\n"));
    const r = await runCli(["import", "openai:chat-completions", "--base-url", url, "--metadata", "route=billing", "--prompt", prompt, "--sample", "60", "--out", out, "--name", "stored"], { env: { OPENAI_API_KEY: "sk-test-stored" } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const logged = readFileSync(traffic, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { response?: unknown; metadata: { route: string } });
    const billing = logged.filter((l) => l.response && l.metadata.route === "billing").length;
    // Every stored billing completion was listed (more than one page of 100).
    expect(billing).toBeGreaterThan(100);
    expect(r.stdout).toContain(`${billing.toLocaleString("en-US")} logged exchanges`);
    const data = rows(join(out, "stored.jsonl"));
    expect(data).toHaveLength(60);
    expect(data.every((d) => d.request.output !== undefined)).toBe(true);
    const db = join(dir, "stored.db");
    const json = join(dir, "stored.json");
    const run = await runCli(["run", join(out, "stored.yaml"), "--sim", "--db", db, "--json", json], { timeoutMs: 120_000 });
    expect([0, 1, 4]).toContain(run.code);
    const { attempts, cases } = await storedRun(db);
    const expected = recompute(attempts, new Map(cases.map((c) => [c.id, c.weight ?? 1])), "logged@candidate");
    const { gate } = agreementGate(json);
    expect(gate.figure).toBeCloseTo(expected.share, 10);
    expect(gate.interval).toEqual([expected.low, expected.high].map((x) => expect.closeTo(x, 10)));
  });
});

describe("evalgate import openai:responses --ids, from the simulator's stored responses", () => {
  let sim: SimProcess | undefined;
  let url = "";
  beforeAll(async () => {
    sim = await startSimWith([]);
    url = sim.url;
  });
  afterAll(async () => sim?.stop());

  const triage = { type: "object", additionalProperties: false, required: ["team", "priority"], properties: { team: { type: "string", enum: ["billing", "shipping"] }, priority: { type: "string", enum: ["low", "high"] } } };
  const lookup = { type: "function", name: "lookup_order", description: "Find an order", parameters: { type: "object", additionalProperties: false, required: ["order_id"], properties: { order_id: { type: "string" } } }, strict: true };
  /** Text, structured-output and tool-loop requests, stored (the API's default), as production would have sent them. */
  function bodies(): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 12; i++) {
      const kind = i % 3;
      if (kind === 0) out.push({ model: "gpt-4.1-mini", instructions: "Answer briefly.", input: `How long does refund ${i} take?`, metadata: { route: "refunds" }, temperature: 0 });
      if (kind === 1) out.push({ model: "gpt-4.1-mini", instructions: "Triage the ticket.", input: [{ role: "user", content: `Ticket ${i}: I was charged twice` }], text: { format: { type: "json_schema", name: "triage", schema: triage, strict: true } }, metadata: { route: "billing" } });
      if (kind === 2) {
        out.push({
          model: "gpt-4.1-mini",
          instructions: "Look orders up with the tool.",
          tools: [lookup],
          input: [
            { role: "user", content: `Where is order ORD-${i}?` },
            { type: "function_call", call_id: `call_${i}`, name: "lookup_order", arguments: JSON.stringify({ order_id: `ORD-${i}` }) },
            { type: "function_call_output", call_id: `call_${i}`, output: JSON.stringify({ status: "shipped" }) },
          ],
          max_output_tokens: 200,
          metadata: { route: "shipping" },
        });
      }
    }
    return out;
  }

  it("fetches each response and its input items by id, rebuilds the request from what the response echoes, counts what it cannot replay, and decides the agreement gate", async () => {
    const ids: string[] = [];
    for (const body of bodies()) {
      const res = await fetch(`${url}/responses`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-test" }, body: JSON.stringify({ ...body, store: true }) });
      expect(res.status).toBe(200);
      ids.push(String(((await res.json()) as { id: string }).id));
    }
    // One continues stored state (left out: it cannot be replayed alone), one id was never stored.
    const cont = await fetch(`${url}/responses`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer sk-test" }, body: JSON.stringify({ model: "gpt-4.1-mini", previous_response_id: ids[0], input: "And for a gift card?", store: true }) });
    ids.push(String(((await cont.json()) as { id: string }).id));
    const idsFile = join(dir, "response-ids.txt");
    writeFileSync(idsFile, ["# production's response ids", ...ids, "", "resp_never_stored"].join("\n"));
    const out = join(dir, "responses");
    const r = await runCli(["import", "openai:responses", "--ids", idsFile, "--base-url", url, "--out", out, "--name", "by-id", "--stratify-by", "metadata.route"], { env: { OPENAI_API_KEY: "sk-test-responses" } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("14 stored responses by id");
    expect(r.stdout).toContain("13 logged exchanges");
    expect(r.stdout).toContain("left out: 1 exchanges: the API holds no response with that id");
    expect(r.stdout).toContain("left out: 1 exchanges: the request continues stored state");
    const data = rows(join(out, "by-id.jsonl")) as Array<Row & { request: { instructions?: string; params?: Record<string, unknown> } }>;
    expect(data).toHaveLength(12);
    expect(data.every((d) => d.recorded?.api === "responses")).toBe(true);
    // What the stored completions lack, a response echoes: instructions, tools, the output schema, params.
    expect(data.filter((d) => d.request.tools?.length)).toHaveLength(4);
    expect(data.filter((d) => d.request.output)).toHaveLength(4);
    expect(data.filter((d) => d.request.messages.some((m) => m.role === "tool"))).toHaveLength(4);
    expect(data.every((d) => typeof d.request.instructions === "string")).toBe(true);
    expect(data.filter((d) => d.request.params?.temperature === 0)).toHaveLength(4);
    expect(data.filter((d) => d.request.params?.max_output_tokens === 200)).toHaveLength(4);
    expect(new Set(data.flatMap((d) => d.tags))).toEqual(new Set(["route:refunds", "route:billing", "route:shipping"]));
    const db = join(dir, "by-id.db");
    const json = join(dir, "by-id.json");
    const run = await runCli(["run", join(out, "by-id.yaml"), "--sim", "--db", db, "--json", json], { timeoutMs: 120_000 });
    expect(run.stderr).not.toContain("error[");
    expect([0, 1, 4]).toContain(run.code);
    const { attempts, cases } = await storedRun(db);
    expect(attempts.filter((a) => a.arm === "logged@candidate").every((a) => a.output?.api === "chat")).toBe(true);
    const expected = recompute(attempts, new Map(cases.map((c) => [c.id, c.weight ?? 1])), "logged@candidate");
    expect(expected.cases).toBe(12);
    const { gate } = agreementGate(json);
    expect(gate.figure).toBeCloseTo(expected.share, 10);
  });

  it("without --ids, openai:responses is a usage error: the API lists no responses", async () => {
    const r = await runCli(["import", "openai:responses", "--base-url", url, "--out", join(dir, "none")], { env: { OPENAI_API_KEY: "sk-test" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("openai:responses needs --ids FILE: the API has no list of responses");
  });
});

describe("bad input", () => {
  it("a malformed line is exit 2 naming file:line:column, and nothing is written", async () => {
    const bad = join(dir, "bad.jsonl");
    const good = readFileSync(traffic, "utf8").split("\n").slice(0, 2);
    writeFileSync(bad, [...good, '{"request": {"messages": [}', ""].join("\n"));
    const out = join(dir, "bad-out");
    const r = await runCli(["import", "bad.jsonl", "--out", out, "--name", "bad"], { cwd: dir });
    expect(r.code).toBe(2);
    // The column of the `}` that breaks the line.
    expect(r.stderr).toContain(`error[TRAFFIC_INVALID] bad.jsonl:3:27: line 3 is not valid JSON`);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it("a request that is neither Chat nor Responses, and an unknown field, name their line", async () => {
    const bad = join(dir, "neither.jsonl");
    writeFileSync(bad, `${JSON.stringify({ request: { prompt: "hi" }, response: null })}\n`);
    const r = await runCli(["import", "neither.jsonl", "--out", join(dir, "n-out")], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("neither.jsonl:1:2: line 1: `request` is neither a Chat Completions request");
    writeFileSync(bad, `${JSON.stringify({ request: { messages: [] }, respons: {} })}\n`);
    const r2 = await runCli(["import", "neither.jsonl", "--out", join(dir, "n-out")], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain("unknown field `respons`");
  });
});
