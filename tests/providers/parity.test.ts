import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerIndex, GenerateRequest, Output } from "../../src/core/index.js";
import { createOpenAIProvider, prepareRequest, type Provider } from "../../src/providers/index.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { specErrors } from "../helpers/openapi.js";

/**
 * Parity: the same prompt and case through Chat Completions and Responses, streamed and
 * not, to the simulator, normalize to equal Outputs except ids and timings.
 */
const schema = {
  type: "object",
  properties: { team: { type: "string" }, order_id: { type: "string" } },
  required: ["team", "order_id"],
  additionalProperties: false,
};
const lookupTool = { name: "lookup_order", description: "Find an order.", parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"], additionalProperties: false }, strict: true };

type Kind = "json" | "text" | "tool";
const CASES: Array<{ id: string; kind: Kind; input: string }> = [];
for (let i = 0; i < 8; i++) {
  for (const kind of ["json", "text", "tool"] as const) CASES.push({ id: `${kind}-${i}`, kind, input: `Ticket ${kind} #${i}: order ORD-${100 + i} is late` });
}

const index: AnswerIndex = {
  entries: CASES.map((c, i) => ({
    caseId: c.id,
    keys: [c.input],
    answer: c.kind === "json" ? { team: i % 2 ? "billing" : "shipping", order_id: `ORD-${i}` }
      : c.kind === "tool" ? { tool: "lookup_order", arguments: { order_id: `ORD-${i}` } }
      : `Routed to team ${i % 3}.`,
  })),
};

function request(c: (typeof CASES)[number], api: "chat" | "responses", stream: boolean, repeat: number, model: string): GenerateRequest {
  const req: GenerateRequest = {
    api, model, stream, attempt: `${c.id}/${repeat}`,
    instructions: "You triage support tickets.",
    messages: [{ role: "user", content: c.input }],
    params: model.startsWith("gpt-5") ? { reasoning_effort: "low", max_output_tokens: 4000 } : { temperature: 0, max_output_tokens: 400 },
    ...(c.kind === "json" ? { output: { name: "triage", schema, strict: false } } : {}),
    ...(c.kind === "tool" ? { tools: [lookupTool] } : {}),
  };
  return prepareRequest(req).request;
}

/** What must match across APIs: everything but ids, timings, the API name and the raw call. */
function comparable(o: Output) {
  const { latency: _l, requestId: _r, responseId: _id, raw: _raw, api: _a, ...rest } = o;
  return { ...rest, toolCalls: o.toolCalls.map(({ id: _id, ...call }) => call) };
}

let sim: RunningSimulator;
let provider: Provider;
const dir = mkdtempSync(join(tmpdir(), "evalgate-parity-"));
const logFile = join(dir, "requests.jsonl");

beforeAll(async () => {
  sim = await startSimulator(
    { seed: 11, models: { "gpt-4.1-mini": { accuracy: 0.6 }, "gpt-5-mini": { accuracy: 0.8, reasoning: true } } },
    index,
    { port: 0, logFile },
  );
  provider = createOpenAIProvider({ baseURL: sim.url, apiKey: "sk-sim", timeoutMs: 10_000, maxRetries: 0 });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("parity between Chat Completions and Responses on the simulator", () => {
  for (const model of ["gpt-4.1-mini", "gpt-5-mini"]) {
    it(`${model}: every case and repeat normalizes to the same Output through both APIs, streamed or not`, async () => {
      const finishes = new Map<string, number>();
      let perturbedOrWrong = 0;
      for (const c of CASES) {
        for (const repeat of [0, 1]) {
          const variants = await Promise.all(
            ([["chat", true], ["chat", false], ["responses", true], ["responses", false]] as const).map(async ([api, stream]) => {
              const r = await provider.generate(request(c, api, stream, repeat, model));
              if (!r.ok) throw new Error(`${c.id}/${repeat} ${api} stream=${stream}: ${r.error.kind} ${r.error.message}`);
              expect(r.tries).toBe(1);
              expect(r.output.api).toBe(api);
              expect(r.output.latency.ttftMs === null).toBe(!stream);
              return comparable(r.output);
            }),
          );
          const [first, ...rest] = variants;
          for (const v of rest) expect(v).toEqual(first);
          finishes.set(first!.finish, (finishes.get(first!.finish) ?? 0) + 1);
          const expected = index.entries.find((e) => e.caseId === c.id)!.answer;
          const right = c.kind === "json" ? JSON.stringify(first!.json) === JSON.stringify(expected)
            : c.kind === "tool" ? JSON.stringify(first!.toolCalls[0]?.arguments) === JSON.stringify((expected as { arguments: unknown }).arguments)
            : first!.text === expected;
          if (!right) perturbedOrWrong++;
          expect(first!.usage!.inputTokens).toBeGreaterThan(0);
          if (model === "gpt-5-mini") expect(first!.usage!.reasoningTokens).toBeGreaterThan(0);
        }
      }
      // The matrix really covered answers, tool calls and perturbations, not one shape.
      expect(finishes.get("stop")).toBeGreaterThan(0);
      expect(finishes.get("tool_calls")).toBeGreaterThan(0);
      expect(perturbedOrWrong).toBeGreaterThan(0);
      expect(perturbedOrWrong).toBeLessThan(CASES.length * 2);
    }, 60_000);
  }

  it("every body the simulator received is valid for its endpoint and carried x-evalgate-attempt", async () => {
    await sim.close();
    await new Promise((r) => setTimeout(r, 50));
    const lines = readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { url: string; attempt: string | null; body: unknown });
    expect(lines).toHaveLength(2 * CASES.length * 2 * 4);
    for (const line of lines) {
      const schemaName = line.url.endsWith("/chat/completions") ? "CreateChatCompletionRequest" : "CreateResponse";
      expect(specErrors(schemaName, line.body), line.url).toEqual([]);
      expect(line.attempt).toMatch(/^(json|text|tool)-\d\/[01]$/);
    }
  });
});
