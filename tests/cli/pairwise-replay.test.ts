/**
 * The pairwise gate end to end (docs/verdict.md `pairwise`): a deterministic log
 * (scripts/make-traffic.js) → `evalgate import --pairwise-judge` → `evalgate run --sim`, the
 * simulator playing the candidate and the judge. A candidate that answers what production
 * answered (accuracy 1) ties every case and PASSes a 5-point margin even though its judge
 * favours the first answer it reads a tenth of the time (the two orders cancel it); a degraded
 * candidate (accuracy 0.3) loses the cases it gets wrong and FAILs. The gate's figure is
 * recomputed here from the stored attempts and case weights.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Attempt, Comparison } from "../../src/core/index.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-pairwise-"));
const traffic = join(dir, "traffic.jsonl");
const out = join(dir, "suite");
const suite = join(out, "replay.yaml");

beforeAll(async () => {
  const r = spawnSync(process.execPath, [join(repoRoot, "scripts/make-traffic.js"), "--lines", "2000", "--out", traffic], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  const imported = await runCli(["import", traffic, "--sample", "150", "--out", out, "--name", "replay", "--candidate-model", "gpt-4.1", "--pairwise-judge", "gpt-4.1-mini"]);
  if (imported.code !== 0) throw new Error(imported.stderr);
});

/** The candidate arm's attempts and the case weights of the one run in `db`. */
async function storedRun(db: string) {
  const store = await openStore(db, { readonly: true });
  try {
    const [summary] = await store.listRuns();
    const { attempts } = await store.listAttempts(summary!.run.id, { limit: 10_000, offset: 0 });
    const cases = await store.getCases(summary!.run.id);
    return { attempts: attempts.filter((a) => a.arm === "logged@candidate"), weights: new Map(cases.map((c) => [c.id, c.weight ?? 1])) };
  } finally {
    await store.close();
  }
}

/** Σ w·s / Σ w over the judged cases, s a case's pairwise value (one repeat: its attempt's). */
function recompute(attempts: Attempt[], weights: Map<string, number>) {
  let total = 0;
  let won = 0;
  let cases = 0;
  for (const a of attempts) {
    const s = a.scores.find((x) => x.type === "pairwise");
    const value = a.status === "error" ? 0 : s?.value;
    if (value === null || value === undefined) continue;
    const w = weights.get(a.caseId) ?? 1;
    cases++;
    total += w;
    won += w * value;
  }
  return { cases, rate: won / total };
}

async function runWith(candidateAccuracy: number, name: string) {
  const file = join(out, `${name}.yaml`);
  const text = readFileSync(suite, "utf8").replace("name: replay", `name: ${name}`);
  appendFileSync(file, `${text}sim:\n  models:\n    gpt-4.1: { accuracy: ${candidateAccuracy} }\n    gpt-4.1-mini: { accuracy: 0.9 }\n`);
  const db = join(dir, `${name}.db`);
  const json = join(dir, `${name}.json`);
  const md = join(dir, `${name}.md`);
  const r = await runCli(["run", file, "--sim", "--db", db, "--json", json, "--markdown", md], { timeoutMs: 120_000 });
  expect(r.stderr).not.toContain("error[");
  const comparison = (JSON.parse(readFileSync(json, "utf8")) as { comparisons: Comparison[] }).comparisons[0]!;
  return { r, comparison, gate: comparison.verdict.gates.find((g) => g.gate === "pairwise")!, stored: await storedRun(db), markdown: readFileSync(md, "utf8") };
}

describe("evalgate import --pairwise-judge, then run on the simulator", () => {
  it("scaffolds a judge, the pairwise grader and the gate", () => {
    const text = readFileSync(suite, "utf8");
    expect(text).toContain('- { id: judge, api: responses, model: "gpt-4.1-mini" }');
    expect(text).toContain("- { type: pairwise, judge: judge, weight: 0 }");
    expect(text).toContain("pairwise: { judge: judge, margin: 0.05 }");
  });

  it("refuses a pairwise gate without the pairwise grader, naming the gate", async () => {
    const file = join(out, "no-grader.yaml");
    appendFileSync(file, readFileSync(suite, "utf8").replace("name: replay", "name: no-grader").replace(/^ {2}- \{ type: pairwise.*\n/m, ""));
    const r = await runCli(["validate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[SUITE_INVALID]");
    expect(r.stderr).toContain("the pairwise gate reads the `pairwise` grader of judge `judge`, which the suite does not have");
  });

  it("PASSes a candidate that answers as production did: every case a tie, the judge's position bias cancelled", async () => {
    const { r, gate, comparison, stored, markdown } = await runWith(1, "same");
    expect(r.stdout).toMatch(/pairwise +PASS/);
    expect(gate.status).toBe("PASS");
    const f = comparison.figures.pairwise!;
    expect(f).toMatchObject({ cases: 150, wins: 0, losses: 0, ties: 150, level: 0.98 });
    // Each attempt was judged in both orders; some orders disagreed (the bias), and counted as ties.
    const reasons = stored.attempts.map((a) => a.scores.find((s) => s.type === "pairwise")!.reason);
    expect(reasons.some((x) => /recording first: the recording is better; output first: the output is better/.test(x))).toBe(true);
    const expected = recompute(stored.attempts, stored.weights);
    expect(expected.cases).toBe(150);
    expect(gate.figure).toBeCloseTo(expected.rate, 12);
    expect(gate.interval![0]).toBeGreaterThan(0.45);
    expect(markdown).toMatch(/\| pairwise \| PASS \| 50\.0% \| win rate &gt; 45\.0% \(margin 0\.050\) \|/);
    expect(markdown).toContain("win rate against recording");
  });

  it("FAILs a degraded candidate: the cases it answers wrongly are lost in both orders", async () => {
    const { r, gate, comparison, stored } = await runWith(0.3, "worse");
    expect(r.code).toBe(1);
    expect(gate.status).toBe("FAIL");
    const f = comparison.figures.pairwise!;
    expect(f.losses).toBeGreaterThan(30);
    expect(f.wins).toBe(0);
    const expected = recompute(stored.attempts, stored.weights);
    expect(gate.figure).toBeCloseTo(expected.rate, 12);
    expect(gate.interval![1]).toBeLessThan(0.45);
    expect(gate.reason).toContain("the upper bound is below 45%");
  });
});
