import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import "../../src/graders/index.js";
import { graderFamilies, suiteJsonSchemaText } from "../../src/core/index.js";

const committed = readFileSync("schema/suite.schema.json", "utf8");

describe("schema/suite.schema.json", () => {
  test("is up to date with the zod schema and the registered grader families (else run `npm run schema`)", () => {
    expect(committed, "schema/suite.schema.json is stale: run `npm run schema` and commit it").toBe(suiteJsonSchemaText());
  });

  test("names every registered grader family", () => {
    const types = [...committed.matchAll(/"const": "([a-z-]+)"/g)].map((m) => m[1]);
    for (const f of graderFamilies()) expect(types).toContain(f.type);
  });

  test("accepts every example suite in evals/ (templates stand for any option type)", () => {
    const validate = new Ajv2020({ strict: false, logger: false }).compile(JSON.parse(committed) as object);
    for (const name of readdirSync("evals").filter((f) => /\.ya?ml$/.test(f))) {
      const suite: unknown = parse(readFileSync(`evals/${name}`, "utf8"));
      expect(validate(suite), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toBe(true);
    }
  });

  test("accepts the demo suite and rejects a misspelt key and a wrong api", () => {
    const validate = new Ajv2020({ strict: false, logger: false }).compile(JSON.parse(committed) as object);
    const demo = parse(readFileSync("evals/demo.yaml", "utf8")) as Record<string, unknown>;
    expect(validate(demo), JSON.stringify(validate.errors)).toBe(true);
    const { graders, ...rest } = demo;
    expect(validate({ ...rest, grader: graders })).toBe(false);
    const targets = demo.targets as Record<string, unknown>[];
    expect(validate({ ...demo, targets: [{ ...targets[0], api: "completions" }] })).toBe(false);
  });
});
