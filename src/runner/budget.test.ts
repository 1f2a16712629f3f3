import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import type { GenerateRequest, Pricing } from "../core/index.js";
import { Budget, inputTokenBound, outputTokenBound, worstCaseCostUsd } from "./budget.js";

const pricing: Pricing = { input: 2, cached_input: 0.5, output: 8, source: "test", asOf: "test" };
const request = (params: GenerateRequest["params"], model = "gpt-4.1"): GenerateRequest => ({
  api: "chat",
  model,
  instructions: "Route the ticket.",
  messages: [{ role: "user", content: "My parcel never arrived, order ORD-1." }],
  params,
  attempt: "c1/0",
  stream: true,
});

describe("worst-case cost", () => {
  // The bound is the UTF-8 bytes of the request's text as JSON plus 8 framing tokens per
  // message and once more (o200k and cl100k are byte-level BPE: a token covers ≥ 1 byte).
  //   ["Route the ticket.",[{"role":"user","content":"My parcel never arrived, order ORD-1."}]]
  //   `["` 2 + 17 + `",` 2 + `[{"role":"user","content":"` 27 + 37 + `"}]]` 4 = 89 bytes
  //   + 8 × (1 message + 1) = 105 tokens.
  it("prices max_output_tokens at the output rate and the input bound at the uncached rate", () => {
    const req = request({ max_output_tokens: 100 });
    expect(inputTokenBound(req)).toBe(105);
    // (105 × $2 + 100 × $8) / 1M
    expect(worstCaseCostUsd(req, pricing)).toBeCloseTo(0.00101, 12);
  });

  it("counts bytes, not characters, and the escapes JSON adds", () => {
    // ["Réponds.",[{"role":"user","content":"a\n\"b\" 😀"}]]: é is 2 bytes, 😀 4, each escape 2:
    // 2 + 9 + 2 + 27 + (1 + 2 + 2 + 1 + 2 + 1 + 4 = 13) + 4 = 57 bytes + 16 framing = 73.
    const req: GenerateRequest = { ...request({}), instructions: "Réponds.", messages: [{ role: "user", content: 'a\n"b" 😀' }] };
    expect(inputTokenBound(req)).toBe(73);
  });

  it("counts the output schema and the tools with the messages", () => {
    const bare = request({});
    const schema = { type: "object" }; // {"type":"object"}: 17 bytes, and a comma before it
    const tools = [{ name: "f", strict: false }]; // [{"name":"f","strict":false}]: 29 bytes, and a comma
    expect(inputTokenBound({ ...bare, output: { name: "o", schema, strict: true } })).toBe(105 + 18);
    expect(inputTokenBound({ ...bare, output: { name: "o", schema, strict: true }, tools })).toBe(105 + 18 + 30);
  });

  it("is never below the exact o200k count of the text the endpoint sees, whatever the script", () => {
    const texts = [
      "My parcel never arrived, order ORD-1.",
      "注文した商品がまだ届いていません。返金をお願いします。",
      "😀🎉👍🏽 ok",
      "const x = [1, 2, 3].map((n) => n * 2); // doubled",
      "\t\t\n\n    indented\r\n",
      "0123456789".repeat(50),
      "a".repeat(5_000),
      "<|endoftext|> is text here",
    ];
    for (const text of texts) {
      const req: GenerateRequest = { ...request({}), instructions: text, messages: [{ role: "user", content: text }] };
      const exact = 2 * countTokens(text, { disallowedSpecial: new Set() });
      expect(inputTokenBound(req), text.slice(0, 20)).toBeGreaterThanOrEqual(exact + 8 * 2);
    }
  });

  it("falls back to the catalog's maximum output when max_output_tokens is not set", () => {
    expect(outputTokenBound(request({}))).toBe(32_768);
    expect(outputTokenBound(request({}, "gpt-5-mini"))).toBe(128_000);
  });

  it("is unknown without a price or an output bound", () => {
    expect(worstCaseCostUsd(request({ max_output_tokens: 10 }), null)).toBeNull();
    expect(worstCaseCostUsd(request({}, "my-local-model"), pricing)).toBeNull();
  });
});

describe("Budget", () => {
  it("reserves a batch chunk whole or not at all, waiting for what is in flight, refusing what cannot fit", async () => {
    const budget = new Budget<number>(1.0, (worst) => worst);
    const held = await budget.reserve(0.5);
    // 0.3 + 0.3 fits beside 0.5 only once the single attempt settles (at 0.1).
    const chunk = budget.reserveAll([0.3, 0.3]);
    await Promise.resolve();
    expect(budget.state()).toMatchObject({ reservedUsd: 0.5 });
    held!.settle(0.1);
    const parts = await chunk;
    expect(parts?.map((p) => p.usd)).toEqual([0.3, 0.3]);
    expect(budget.state().reservedUsd).toBeCloseTo(0.6, 12);
    // 0.1 spent + 0.5 + 0.5 can never fit $1: refused whole, nothing held.
    parts!.forEach((p) => p.settle(0.05));
    expect(await budget.reserveAll([0.5, 0.5])).toBeNull();
    expect(budget.state()).toMatchObject({ reservedUsd: 0, refused: 2 });
    expect(budget.state().spentUsd).toBeCloseTo(0.2, 12);
  });

  it("never lets spend plus reservations pass the cap, and settles to the actual cost", async () => {
    const budget = new Budget<number>(1.0, (worst) => worst);
    const a = await budget.reserve(0.6);
    expect(a).not.toBeNull();
    expect(budget.state()).toMatchObject({ spentUsd: 0, reservedUsd: 0.6 });
    const waiting = budget.reserve(0.6);
    let got: unknown = "pending";
    void waiting.then((r) => (got = r));
    await Promise.resolve();
    expect(got).toBe("pending");
    a!.settle(0.1);
    const b = await waiting;
    expect(b?.usd).toBe(0.6);
    expect(budget.state()).toMatchObject({ spentUsd: 0.1, reservedUsd: 0.6 });
    b!.settle(0.2);
    expect(budget.state().spentUsd).toBeCloseTo(0.3, 12);
    expect(budget.state().remainingUsd).toBeCloseTo(0.7, 12);
  });

  it("refuses an attempt whose worst case cannot fit even with nothing in flight, counting prior spend", async () => {
    const budget = new Budget<number>(1.0, (worst) => worst, 0.75);
    expect(await budget.reserve(0.3)).toBeNull();
    expect(budget.state()).toMatchObject({ refused: 1, spentUsd: 0.75, reservedUsd: 0 });
    expect(await budget.reserve(0.25)).not.toBeNull();
  });

  it("gives up waiting when the signal fires", async () => {
    const budget = new Budget<number>(1.0, (worst) => worst);
    await budget.reserve(0.9);
    const controller = new AbortController();
    const waiting = budget.reserve(0.5, controller.signal);
    controller.abort();
    expect(await waiting).toBeNull();
  });

  it("settling twice counts once", async () => {
    const budget = new Budget<number>(1.0, (worst) => worst);
    const r = await budget.reserve(0.5);
    r!.settle(0.2);
    r!.settle(0.2);
    expect(budget.state()).toMatchObject({ reservedUsd: 0 });
    expect(budget.state().spentUsd).toBeCloseTo(0.2, 12);
  });
});

describe("Budget charges for unreserved calls (judges)", () => {
  it("adds them to the spend that reservations see, and refuses further judge calls once spent", async () => {
    const budget = new Budget<number>(1.0, (worst) => worst);
    expect(budget.refusal()).toBeNull();
    budget.charge(0.7);
    budget.charge(null);
    expect(await budget.reserve(0.4)).toBeNull();
    const held = await budget.reserve(0.3);
    expect(held).not.toBeNull();
    expect(budget.refusal()).toMatch(/budget of \$1\.0000 is spent/);
    held!.settle(0.1);
    expect(budget.refusal()).toBeNull();
    expect(budget.state().spentUsd).toBeCloseTo(0.8, 12);
  });
});
