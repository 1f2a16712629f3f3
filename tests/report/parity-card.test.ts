import { describe, expect, it } from "vitest";
import { parityCard, PARITY_MISSING, type GateResult, type Parity, type RateParity } from "../../src/core/index.js";
import { buildJsonReport, createReporter } from "../../src/report/index.js";
import { cell } from "../../src/report/markdown-reporter.js";
import { FIGURES, fixtureComparison, fixtureInput } from "./fixtures.js";

const rate = (b: [number, number], c: [number, number], value: number, low: number, high: number): RateParity => ({
  baseline: b[0] / b[1],
  candidate: c[0] / c[1],
  difference: { value, low, high },
  pairedCases: b[1],
  counts: { baseline: { hits: b[0], of: b[1] }, candidate: { hits: c[0], of: c[1] } },
});

/** A migration whose candidate refuses and truncates more: figures chosen by hand. */
const PARITY: Parity = {
  version: 1,
  refusals: rate([2, 200], [6, 200], 0.02, 0.004, 0.036),
  truncations: rate([0, 200], [24, 200], 0.12, 0.09, 0.15),
  schemaInvalid: rate([1, 200], [3, 200], 0.01, -0.004, 0.024),
  toolCalls: rate([0, 200], [0, 200], 0, -0.0087, 0.0087),
  toolArgumentsInvalid: null,
  tokensPerCase: {
    input: { baseline: 412, candidate: 398 },
    cached: { baseline: 0, candidate: 128 },
    output: { baseline: 60, candidate: 430 },
    reasoning: { baseline: 0, candidate: 384 },
  },
  costPer1kRequests: { baseline: 0.25, candidate: 0.9 },
};

const REFUSAL_GATE: GateResult = { gate: "refusal_rate", status: "FAIL", figure: 0.02, threshold: 0.01, interval: [0.004, 0.036], reason: "refusal rate up", decide: null };

const comparison = fixtureComparison({
  parity: PARITY,
  figures: { ...FIGURES, finishReasons: { baseline: { stop: 200 }, candidate: { stop: 176, length: 24 } } },
  verdict: { status: "FAIL", gates: [REFUSAL_GATE] },
});
const input = fixtureInput([comparison]);

describe("the parity card", () => {
  const card = parityCard(comparison);

  it("formats every parity figure once: rates with counts and the paired Δ in points, tokens, cost per 1,000 requests, latency", () => {
    const row = (key: string) => card?.rows.find((r) => r.key === key);
    expect(row("finish")).toMatchObject({ baseline: "stop 100.0%", candidate: "stop 88.0% · length 12.0%" });
    expect(row("refusals")).toEqual({ key: "refusals", figure: "refusals", baseline: "1.0% (2 of 200 attempts)", candidate: "3.0% (6 of 200 attempts)", difference: "+2.0 pp [+0.4 pp, +3.6 pp]" });
    expect(row("truncations")?.difference).toBe("+12.0 pp [+9.0 pp, +15.0 pp]");
    expect(row("schema-invalid")?.difference).toBe("+1.0 pp [−0.4 pp, +2.4 pp]");
    expect(row("tool-arguments-invalid")).toBeUndefined();
    expect(row("reasoning-tokens")).toMatchObject({ baseline: "0.0", candidate: "384.0", difference: "+384.0" });
    expect(row("input-tokens")?.difference).toBe("−14.0 (−3.4%)");
    expect(row("cost-1k")).toMatchObject({ baseline: "$0.2500", candidate: "$0.9000", difference: "+260.0%" });
    expect(row("latency-p95")).toMatchObject({ baseline: "400 ms", candidate: "500 ms", difference: "+100 ms (+25.0%)" });
    expect(row("ttft-p50")?.difference).toBe("+20 ms (+25.0%)");
  });

  it("is the same strings in the console, Markdown and HTML reports, and in the JSON report's parityCards", () => {
    const consoleText = createReporter("console").render(input);
    const markdown = createReporter("markdown").render(input);
    const html = createReporter("html").render(input);
    const lines = consoleText.split("\n");
    const cardLines = lines.slice(lines.findIndex((l) => /^parity\s+baseline\s+candidate\s+difference \[interval\]$/.test(l)));
    expect(cardLines.length).toBeGreaterThan(card?.rows.length ?? 0);
    for (const r of card?.rows ?? []) {
      const line = cardLines.find((l) => l.startsWith(r.figure) && l.includes(r.baseline));
      expect(line, r.figure).toBeDefined();
      expect(line?.trimEnd().endsWith(r.difference)).toBe(true);
      expect(markdown).toContain(`| ${cell(r.figure)} | ${cell(r.baseline)} | ${cell(r.candidate)} | ${cell(r.difference)} |`);
      expect(html).toContain(`<td>${r.figure}</td><td class="num">${r.baseline}</td><td class="num">${r.candidate}</td><td class="num">${r.difference}</td>`);
    }
    const json = buildJsonReport(input);
    expect(json.parityCards[comparison.id]).toEqual(card);
    expect(json.comparisons[0]?.parity).toEqual(PARITY);
  });

  it("shows a parity gate in points in every reporter's gates table", () => {
    expect(createReporter("console").render(input)).toMatch(/✗ refusal_rate\s+FAIL\s+\+2\.0 pp\s+≤ \+1\.0 pp\s+\[\+0\.4 pp, \+3\.6 pp\]/);
    expect(createReporter("markdown").render(input)).toContain("| refusal_rate | FAIL | +2.0 pp | ≤ +1.0 pp | [+0.4 pp, +3.6 pp] | refusal rate up |");
  });

  it("says a comparison stored before parity has none, and how to get it", () => {
    const old = fixtureInput([fixtureComparison()]);
    expect(parityCard(fixtureComparison())).toBeNull();
    expect(createReporter("console").render(old)).toContain(PARITY_MISSING);
    expect(createReporter("markdown").render(old)).toContain("run `evalgate compare` again");
    expect(buildJsonReport(old).parityCards).toEqual({ cmp_fixture: null });
  });
});
