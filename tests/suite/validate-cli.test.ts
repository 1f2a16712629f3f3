import { describe, expect, test } from "vitest";
import "../../src/graders/index.js";
import { validateSuite } from "../../src/cli/commands/validate-action.js";
import { specErrors } from "../helpers/openapi.js";
import { runCli } from "../helpers/cli.js";

const good = "tests/fixtures/good/warnings.yaml";

describe("evalgate validate", () => {
  test("a valid suite exits 0 and prints the plan, the cost estimate, each dropped param and one case's wire requests", async () => {
    const r = await runCli(["validate", good]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("suite good-warnings is valid — 3 arms × 4 cases → 24 attempts");
    expect(r.stdout).toContain("warning: classify@resp-5: temperature dropped: gpt-5-mini is a reasoning model and takes no temperature");
    expect(r.stdout).toContain("warning: classify@resp-5: seed dropped: the Responses API has no seed");
    expect(r.stdout).toContain("── classify@chat-mini (POST /v1/chat/completions)");
    expect(r.stdout).toContain("── classify@resp-5 (POST /v1/responses)");
  });

  test("a valid and an invalid suite together: the plan of one, the error of the other, exit 2", async () => {
    const r = await runCli(["validate", good, "tests/fixtures/bad/wrong-api.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("suite good-warnings is valid");
    expect(r.stderr.trim()).toBe(
      'error[SUITE_INVALID] tests/fixtures/bad/wrong-api.yaml:6:22: `targets[0].api` must be one of chat, responses (got "completions")\n  use one of: chat, responses',
    );
  });

  test("--json prints one machine-readable report per suite", async () => {
    const r = await runCli(["validate", "--json", "--repeat", "1", good]);
    expect(r.code).toBe(0);
    const [report] = JSON.parse(r.stdout) as { name: string; attempts: number; cases: number; arms: { arm: string }[]; example: { caseId: string } }[];
    expect(report).toMatchObject({ name: "good-warnings", attempts: 12, cases: 4, example: { caseId: "csv-1" } });
    expect(report!.arms.map((a) => a.arm)).toEqual(["classify@chat-mini", "classify@resp-5", "classify@custom"]);
  });

  test("the estimate counts rendered input tokens and prices them from the catalog or the target's pricing", async () => {
    const v = await validateSuite(good, { repeat: 1 });
    const [chat, resp, custom] = v.estimate;
    expect(v.attempts).toBe(12);
    expect(chat).toMatchObject({ attempts: 4, outputTokens: 400, outputAssumed: false });
    expect(resp).toMatchObject({ outputTokens: 4 * 256, outputAssumed: true });
    expect(chat!.inputTokens).toBe(resp!.inputTokens);
    expect(chat!.inputTokens).toBeGreaterThan(4 * 40);
    // gpt-4.1-mini: $0.40 in, $1.60 out per 1M tokens (catalog); custom: the suite's own pricing.
    expect(chat!.usd).toBeCloseTo((chat!.inputTokens * 0.4 + 400 * 1.6) / 1e6, 9);
    expect(custom!.usd).toBeCloseTo((custom!.inputTokens * 1 + 1024 * 2) / 1e6, 9);
  });

  test("--case picks the case whose requests are shown; they are valid against the spec", async () => {
    const v = await validateSuite(good, { case: "yaml-1", targets: ["resp-5"] });
    expect(v.example?.caseId).toBe("yaml-1");
    const wire = v.example!.requests[0]!.wire as Record<string, unknown>;
    expect(specErrors("CreateResponse", wire)).toEqual([]);
    expect(wire).toMatchObject({ model: "gpt-5-mini", instructions: "Label the review as positive or negative. Answer in JSON.", reasoning: { effort: "minimal" } });
    expect(wire).not.toHaveProperty("temperature");
    await expect(validateSuite(good, { case: "nope" })).rejects.toMatchObject({ code: "BAD_FLAG" });
  });
});
