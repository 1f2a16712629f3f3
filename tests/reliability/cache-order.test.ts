/**
 * The prompt cache favours no arm: the same model through Chat and Responses costs the same
 * per case whatever the concurrency (so whichever arm reaches the simulator first), and a
 * run stopped by its budget and resumed on a new simulator costs what an uninterrupted one
 * does. Each arm reports its cached-token share beside its cost.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scratch, spawnCli, storedRuns } from "./harness.js";

const { dir, env } = scratch("cache-order");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TEAMS = ["billing", "shipping", "technical"];
// ~1,500 tokens of instructions shared by every case: past the 1,024 the cache starts at.
const POLICY = "Route each ticket to exactly one team. Billing handles invoices, refunds and charges. Shipping handles parcels, delivery and tracking. Technical handles logins, errors and outages. ".repeat(30);

function writeSuite(): string {
  const rows = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { ticket: `ticket ${i}: please route me`, team: TEAMS[i % 3] } }));
  writeFileSync(join(dir, "cases.jsonl"), `${rows.join("\n")}\n`);
  const file = join(dir, "suite.yaml");
  writeFileSync(file, [
    "name: cache-order",
    "prompts:",
    "  - id: p",
    `    instructions: "${POLICY}"`,
    '    input: "{{ticket}}"',
    "    output: { name: t, schema: { type: object, additionalProperties: false, required: [team], properties: { team: { type: string } } } }",
    "targets:",
    "  - { id: chat, api: chat, model: gpt-4.1-mini, base_url: sim, params: { max_output_tokens: 32 } }",
    "  - { id: resp, api: responses, model: gpt-4.1-mini, base_url: sim, params: { max_output_tokens: 32 } }",
    "dataset: cases.jsonl",
    "graders:",
    '  - { type: equals, path: $.team, value: "{{team}}" }',
    "compare:",
    "  - { baseline: chat, candidate: resp }",
    "gates:",
    "  cost: { max_increase: 0.05 }",
    'sim: { seed: 4, answer: { team: "{{team}}" } }',
    "",
  ].join("\n"));
  return file;
}

interface ArmJson { arm: string; knownCost: number; cachedInputShare: number | null }
interface ReportJson {
  runs: Array<{ arms: ArmJson[] }>;
  comparisons: Array<{ figures: { costPerCase: { ratio: { value: number; low: number; high: number } } } }>;
}

const readReport = (file: string) => JSON.parse(readFileSync(file, "utf8")) as ReportJson;
const costs = (r: ReportJson) => r.runs[0]!.arms.map((a) => [a.arm, a.knownCost, a.cachedInputShare]);

describe("the prompt cache and arrival order", () => {
  const suite = writeSuite();

  it("the same model on both APIs costs the same at any concurrency, with the same cached share", async () => {
    const reports: ReportJson[] = [];
    for (const concurrency of [1, 16]) {
      const json = join(dir, `c${concurrency}.json`);
      const r = await spawnCli(["run", suite, "--db", join(dir, `c${concurrency}.db`), "--concurrency", String(concurrency), "--json", json], env).done;
      expect(r.code, r.stderr).toBe(0);
      reports.push(readReport(json));
    }
    for (const report of reports) {
      const [chat, resp] = report.runs[0]!.arms;
      expect(resp!.knownCost).toBe(chat!.knownCost);
      expect(resp!.cachedInputShare).toBe(chat!.cachedInputShare);
      // Cached input is part of the price, and shown: some of the shared instructions were served warm.
      expect(chat!.cachedInputShare).toBeGreaterThan(0.2);
      expect(chat!.cachedInputShare).toBeLessThan(1);
      const ratio = report.comparisons[0]!.figures.costPerCase.ratio;
      expect(ratio.low).toBeLessThanOrEqual(1);
      expect(ratio.high).toBeGreaterThanOrEqual(1);
    }
    expect(costs(reports[1]!)).toEqual(costs(reports[0]!));
  }, 60_000);

  it("a run stopped by its budget and resumed costs what an uninterrupted run does", async () => {
    const whole = join(dir, "whole.json");
    expect((await spawnCli(["run", suite, "--db", join(dir, "whole.db"), "--json", whole], env).done).code).toBe(0);
    const db = join(dir, "resumed.db");
    const first = await spawnCli(["run", suite, "--db", db, "--max-cost", "0.01"], env).done;
    expect(first.code, first.stderr).toBe(4);
    const [run] = storedRuns(db);
    expect(run?.status).toBe("budget-stopped");
    const resumed = join(dir, "resumed.json");
    const second = await spawnCli(["resume", run!.id, "--db", db, "--json", resumed], env).done;
    expect(second.code, second.stderr).toBe(0);
    expect(costs(readReport(resumed))).toEqual(costs(readReport(whole)));
  }, 60_000);
});
