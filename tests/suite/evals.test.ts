import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import "../../src/graders/index.js";
import { validateSuite } from "../../src/cli/commands/validate-action.js";
import { specErrors } from "../helpers/openapi.js";

const SCHEMA = { chat: "CreateChatCompletionRequest", responses: "CreateResponse" } as const;
// Whatever example suites exist when the test runs (others add to evals/).
const suites = readdirSync("evals").filter((f) => /\.ya?ml$/.test(f)).sort();

describe("every example suite in evals/ validates", () => {
  test("there are example suites to check", () => {
    expect(suites.length).toBeGreaterThan(0);
  });

  test.each(suites)("evals/%s loads, plans, and its printed requests are valid against the spec", async (name) => {
    const file = join("evals", name);
    const report = await validateSuite(file);
    expect(report.attempts).toBe(report.estimate.reduce((s, e) => s + e.attempts, 0));
    expect(report.attempts).toBeGreaterThan(0);
    expect(report.example?.requests).toHaveLength(report.arms.length);
    for (const req of report.example!.requests) {
      expect(specErrors(SCHEMA[req.api as "chat" | "responses"], req.wire), `${req.arm}`).toEqual([]);
    }
  });

  test.each(suites)("evals/%s points editors at the generated JSON Schema", (name) => {
    const first = readFileSync(join("evals", name), "utf8").split("\n")[0];
    expect(first).toBe("# yaml-language-server: $schema=../schema/suite.schema.json");
  });
});
