/**
 * The order-agent tool loop (evals/order-agent.yaml) end to end: the real CLI in a child
 * process, the simulator on a random loopback port (base_url: sim), a real SQLite file.
 * Every arm's attempts keep every step; the trajectory graders pass and fail as the
 * simulated model's script says; tokens, cost and latency are the steps' sums; a loop
 * cut by max_steps, or calling a tool the prompt does not offer, is a graded failure.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lookupModel, priceUsage, type Attempt, type LoopStep } from "../../src/core/index.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

const suite = join(repoRoot, "evals/order-agent.yaml");
const ARMS = ["agent-v1@chat", "agent-v1@resp-history", "agent-v1@resp-previous"];
const FOUND = 60;
const NOT_FOUND = 6;

/** The suite's own `sim:` with a model that never goes wrong and no jitter: every figure is exact. */
function exactSimConfig(dir: string, answer = { calls: "{{calls}}", then: "{{reply}}" } as unknown): string {
  const file = join(dir, "sim.json");
  writeFileSync(file, JSON.stringify({ seed: 17, answer, models: { "gpt-4.1-mini": { accuracy: 1, latency: { ttft_ms: 30, tokens_per_s: 500 } } } }));
  return file;
}

async function readAttempts(db: string): Promise<Attempt[]> {
  const store = await openStore(db, { readonly: true });
  try {
    const [summary] = await store.listRuns();
    const out: Attempt[] = [];
    for await (const a of store.streamAttempts(summary!.run.id, { includeRaw: true })) out.push(a);
    return out;
  } finally {
    await store.close();
  }
}

const steps = (a: Attempt): LoopStep[] => a.output?.trajectory?.steps ?? [];
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe("evalgate validate on the order-agent tool loop", () => {
  it("says each arm is a tool loop, and that the previous_response_id arm's conversations are kept by the API", async () => {
    const r = await runCli(["validate", suite]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("tool loop: agent-v1@chat: up to 4 model calls an attempt, state history; the estimate counts the first call of each");
    expect(r.stdout).toContain("tool loop: agent-v1@resp-previous: up to 4 model calls an attempt, state previous_response_id");
    expect(r.stdout).toContain("warning: agent-v1@resp-previous: state previous_response_id with store: true: the API keeps every conversation of this arm");
    expect(r.stdout).not.toContain("warning: agent-v1@resp-history");
  });
});

describe("evalgate run on the order-agent tool loop", () => {
  it("refuses --batch before anything is written: a loop's every step is made of the reply before it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evalgate-loop-batch-"));
    const r = await runCli(["run", suite, "--db", join(dir, "e.db"), "--batch"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--batch cannot run agent-v1@");
    expect(r.stderr).toContain("its prompt is a tool loop");
    expect(existsSync(join(dir, "e.db"))).toBe(false);
  });

  it("stores every step of every arm, sums tokens, cost and latency over them, and passes the trajectory graders", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evalgate-loop-"));
    const db = join(dir, "e.db");
    const r = await runCli(["run", suite, "--db", db, "--repeat", "1", "--sim-config", exactSimConfig(dir)], { timeoutMs: 120_000 });
    expect(r.stderr).not.toMatch(/error\[|Warning/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PASS\s+agent-v1@chat → agent-v1@resp-history/);
    expect(r.stdout).toMatch(/PASS\s+agent-v1@resp-history → agent-v1@resp-previous/);
    expect(r.stderr).toContain("warning: agent-v1@resp-previous: state previous_response_id with store: true: the API keeps every conversation of this arm");
    const attempts = await readAttempts(db);
    expect(attempts).toHaveLength((FOUND + NOT_FOUND) * 3);
    for (const arm of ARMS) {
      const mine = attempts.filter((a) => a.arm === arm);
      // A found order: lookup, shipping status, answer. A missing one: lookup, answer.
      expect(mine.map((a) => steps(a).length).sort()).toEqual([...Array(NOT_FOUND).fill(2), ...Array(FOUND).fill(3)]);
      expect(mine.every((a) => a.status === "ok" && a.pass === true && a.output?.trajectory?.end === "answer")).toBe(true);
      expect(new Set(mine.flatMap((a) => a.scores.map((s) => s.type)))).toEqual(new Set(["tool-call", "steps", "contains", "icontains"]));
    }

    const pricing = lookupModel("gpt-4.1-mini")!.pricing!;
    for (const a of attempts) {
      const s = steps(a);
      const usage = a.output!.usage!;
      expect(usage.inputTokens).toBe(sum(s.map((x) => x.usage!.inputTokens)));
      expect(usage.outputTokens).toBe(sum(s.map((x) => x.usage!.outputTokens)));
      expect(a.cost.usd).toBeCloseTo(priceUsage(usage, pricing).usd!, 12);
      expect(a.output!.latency.totalMs).toBeCloseTo(sum(s.map((x) => x.latency.totalMs)), 6);
      expect(a.output!.latency.ttftMs).toBe(s[0]!.latency.ttftMs);
      expect(a.tries).toBe(s.length);
    }

    // The same model through three ways of keeping state: the same tokens billed, step by step.
    const byKey = (arm: string) => attempts.filter((a) => a.arm === arm && a.caseId === "ord-1001")[0]!;
    const [chat, history, previous] = ARMS.map(byKey) as [Attempt, Attempt, Attempt];
    expect(steps(history).map((x) => x.usage!.inputTokens)).toEqual(steps(previous).map((x) => x.usage!.inputTokens));
    expect(steps(chat).map((x) => x.usage!.inputTokens)).toEqual(steps(history).map((x) => x.usage!.inputTokens));
    expect(history.cost.usd).toBe(previous.cost.usd);
    // What each arm sent at its last step: the whole conversation, or the results and the stored response's id.
    const last = (a: Attempt) => steps(a)[2]!.raw.request as Record<string, unknown>;
    expect((last(chat).messages as unknown[]).map((m) => (m as { role: string }).role)).toEqual(["system", "user", "assistant", "tool", "assistant", "tool"]);
    expect((last(history).input as unknown[]).map((m) => (m as { type?: string }).type ?? "message")).toEqual(["message", "function_call", "function_call_output", "function_call", "function_call_output"]);
    expect(last(history)).toMatchObject({ store: false });
    expect(last(history).previous_response_id).toBeUndefined();
    expect(last(previous)).toMatchObject({ store: true, previous_response_id: steps(previous)[1]!.responseId });
    expect((last(previous).input as unknown[]).map((m) => (m as { type: string }).type)).toEqual(["function_call_output"]);
    // The tools ran: the module read the case's order, the template rendered the call's argument.
    expect(steps(previous).map((x) => x.results.map((t) => JSON.parse(t.output)))).toEqual([
      [{ order_id: "ORD-1001", tracking_id: "TRK-55001", items: 1, status: "shipped" }],
      [{ tracking_id: "TRK-55001", shipment: JSON.parse(JSON.stringify(caseVars("ord-1001").shipment)) }],
      [],
    ]);
  }, 180_000);

  it("ends a loop cut by max_steps, or one calling a tool the prompt does not offer, as a graded failure with its reason", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evalgate-loop-"));
    // The example suite with max_steps 2, in a project of its own.
    writeFileSync(join(dir, "package.json"), "{}");
    mkdirSync(join(dir, "evals"));
    cpSync(join(repoRoot, "evals/tools"), join(dir, "evals/tools"), { recursive: true });
    cpSync(join(repoRoot, "datasets"), join(dir, "datasets"), { recursive: true });
    const text = readFileSync(suite, "utf8");
    expect(text).toContain("max_steps: 4");
    writeFileSync(join(dir, "evals/order-agent.yaml"), text.replace("max_steps: 4", "max_steps: 2"));
    const db = join(dir, "cut.db");
    const r = await runCli(["run", join(dir, "evals/order-agent.yaml"), "--db", db, "--repeat", "1", "--sim-config", exactSimConfig(dir)], { timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    const attempts = await readAttempts(db);
    const found = attempts.filter((a) => !a.caseId.startsWith("ord-99"));
    expect(found).toHaveLength(FOUND * 3);
    for (const a of found) {
      expect(a).toMatchObject({ status: "ok", error: null, pass: false });
      expect(a.output!.trajectory).toMatchObject({ end: "max_steps", maxSteps: 2 });
      expect(steps(a)).toHaveLength(2);
      expect(a.scores[0]).toMatchObject({
        grader: "tool-loop", pass: false, value: 0,
        reason: "tool loop ended without an answer (max_steps): max_steps 2 reached: step 2 still called get_shipping_status instead of answering",
      });
      // The trajectory graders still judge the calls that were made: both, in order, within 3 steps.
      expect(a.scores.filter((s) => s.type === "tool-call" || s.type === "steps").every((s) => s.pass)).toBe(true);
      // The last step's tool call was never run: no result was sent back.
      expect(steps(a)[1]!.results).toEqual([]);
    }
    // Orders that do not exist need two steps: they still pass.
    expect(attempts.filter((a) => a.caseId.startsWith("ord-99")).every((a) => a.pass === true)).toBe(true);

    const unknownDb = join(dir, "unknown.db");
    const wrongTool = exactSimConfig(dir, { calls: [{ tool: "cancel_order", arguments: { order_id: "{{order_id}}" } }], then: "{{reply}}" });
    const u = await runCli(["run", suite, "--db", unknownDb, "--repeat", "1", "--filter-tag", "not-found", "--sim-config", wrongTool], { timeoutMs: 120_000 });
    expect(u.code).toBe(1);
    const unknown = await readAttempts(unknownDb);
    expect(unknown).toHaveLength(NOT_FOUND * 3);
    for (const a of unknown) {
      expect(a).toMatchObject({ status: "ok", pass: false, output: { trajectory: { end: "unknown_tool" } } });
      expect(steps(a)).toHaveLength(1);
      expect(a.scores[0]!.reason).toBe("tool loop ended without an answer (unknown_tool): step 1 called tool `cancel_order`, which the prompt does not offer (tools: lookup_order, get_shipping_status)");
      expect(a.scores.filter((s) => s.type === "tool-call").map((s) => s.reason)).toEqual([
        `tool-call: expected the 1st call to be lookup_order(order_id=${a.caseId.toUpperCase()}), got cancel_order(order_id=${a.caseId.toUpperCase()})`,
        "tool-call: expected the calls lookup_order, got cancel_order (call #1 is cancel_order)",
      ]);
    }
  }, 180_000);
});

/** A case's vars, as the dataset holds them (YAML, read the way the suite reads it). */
function caseVars(id: string): Record<string, unknown> {
  const text = readFileSync(join(repoRoot, "datasets/order-agent.yaml"), "utf8");
  const block = text.split("\n- id: ").find((b) => b.startsWith(id))!;
  const shipment = /shipment: \{ status: (\w+), eta: ("[^"]*"|null) \}/.exec(block)!;
  return { shipment: { status: shipment[1], eta: JSON.parse(shipment[2]!) } };
}
