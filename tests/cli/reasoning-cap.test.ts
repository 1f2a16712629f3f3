/**
 * The reasoning-cap pitfall end to end: the real CLI against the in-process simulator
 * (base_url: sim). gpt-5-mini at its default effort reasons ~384 tokens (core
 * REASONING_TOKENS_ESTIMATE, which the simulator draws from: 192–576), so max_output_tokens
 * 100 is spent on reasoning and every Responses attempt ends incomplete with no output.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

const suite = join(repoRoot, "tests/fixtures/reasoning-cap/triage.yaml");
const tmp = () => mkdtempSync(join(tmpdir(), "evalgate-cap-"));
const CAUSE = "triage@resp-5-mini: 60 of 60 attempts incomplete: max_output_tokens reached during reasoning";

describe("max_output_tokens spent on reasoning", () => {
  it("validate warns before any call, from the catalog's estimate at the default effort", async () => {
    const r = await runCli(["validate", suite]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning: triage@resp-5-mini: max_output_tokens 100 is likely to be spent on reasoning: gpt-5-mini reasons ~384 tokens at reasoning_effort medium (the catalog's estimate, not a published figure");
    // The chat arm's model does not reason: no warning for it.
    expect(r.stdout).not.toContain("warning: triage@chat-41-mini");
  });

  it("run says the one cause first, fails the truncation and schema gates, and shows the parity card", async () => {
    const dir = tmp();
    const r = await runCli(["run", suite, "--db", join(dir, "e.db")]);
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    // The cause is the line under the run's title, before the arm table.
    expect(lines[0]).toMatch(/^reasoning-cap · run \S+ · completed · simulated$/);
    expect(lines[1]).toBe(CAUSE);
    expect(lines.some((l) => l.startsWith("triage@chat-41-mini:"))).toBe(false);
    expect(r.stdout).toMatch(/✗ truncation_rate\s+FAIL\s+\+100\.0 pp\s+≤ \+1\.0 pp/);
    expect(r.stdout).toMatch(/✗ schema_validity\s+FAIL\s+\+100\.0 pp\s+≤ \+2\.0 pp/);
    expect(r.stdout).toMatch(/finish reasons\s+stop 100\.0%\s+length 100\.0%/);
    expect(r.stdout).toMatch(/truncations \(length \/ incomplete\)\s+0\.0% \(0 of 60 attempts\)\s+100\.0% \(60 of 60 attempts\)\s+\+100\.0 pp \[\+95\.1 pp, \+100\.0 pp\]/);
    // Every reasoning token was drawn ≥ 192 and capped at 100: the whole cap went to reasoning.
    expect(r.stdout).toMatch(/reasoning tokens \/ case\s+0\.0\s+100\.0\s+\+100\.0/);
  }, 60_000);

  it("counts the stored attempts of a resumed run, not only those this process sent", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    // A budget that stops the run part way (one attempt at a time: with several in flight this
    // mixed-price budget stop waits forever, a runner issue reported apart): the resume sends the rest.
    const first = await runCli(["run", suite, "--db", db, "--max-cost", "0.008", "--concurrency", "1"]);
    expect(first.stdout).toMatch(/· budget-stopped/);
    const store = await openStore(db, { readonly: true });
    const [summary] = await store.listRuns();
    await store.close();
    const sentFirst = summary?.arms.find((a) => a.arm === "triage@resp-5-mini")?.attempts ?? 0;
    expect(sentFirst).toBeGreaterThan(0);
    expect(sentFirst).toBeLessThan(60);
    const resumed = await runCli(["resume", summary!.run.id, "--db", db, "--max-cost", "1"]);
    expect(resumed.stdout.split("\n")[1]).toBe(CAUSE);
  }, 60_000);
});
