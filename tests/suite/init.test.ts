import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import "../../src/graders/index.js";
import { EXAMPLE_DATASET, exampleFiles, schemaRef } from "../../src/cli/commands/init.js";
import { loadSuite, planSuite } from "../../src/suite/index.js";
import { runCli } from "../helpers/cli.js";

const dirs: string[] = [];
const fresh = () => {
  const d = mkdtempSync(join(tmpdir(), "evalgate-init-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("evalgate init", () => {
  test("writes an example suite and dataset that validate and run on the simulator", async () => {
    const dir = fresh();
    const init = await runCli(["init", dir]);
    expect(init.code).toBe(0);
    const written = readFileSync(join(dir, "evals/example.yaml"), "utf8");
    expect(written).toBe(exampleFiles(dir)["evals/example.yaml"]);
    // The $schema reference resolves to a file that exists (here: the repository's own schema).
    const ref = /\$schema=(\S+)/.exec(written)?.[1] ?? "";
    expect(existsSync(resolve(dir, "evals", ref))).toBe(true);
    expect(readFileSync(join(dir, "datasets/example.jsonl"), "utf8")).toBe(EXAMPLE_DATASET);
    // Loaded from another working directory: init's .evalgate/ marks the project root.
    expect(existsSync(join(dir, ".evalgate"))).toBe(true);
    const suite = await loadSuite(join(dir, "evals/example.yaml"));
    // 90 reviews × 2 arms × 2 repeats: enough cases for the verdict to decide (identical arms PASS a 5-point margin).
    expect(planSuite(suite).attempts).toHaveLength(2 * 90 * 2);
    expect((await runCli(["validate", "evals/example.yaml"], { cwd: dir })).code).toBe(0);
    const run = await runCli(["run", "evals/example.yaml", "--db", join(dir, "db.sqlite")], { cwd: dir, env: { OPENAI_API_KEY: undefined } });
    expect(run.stderr).not.toContain("error[");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("example-sentiment");
    expect(run.stdout).toContain("verdict: PASS (1 comparison)");
  }, 60_000);

  test("the $schema reference is relative to where evalgate is: installed in the project, or this repository", () => {
    expect(schemaRef("/p/evals", "/p/node_modules/evalgate/schema/suite.schema.json")).toBe("../node_modules/evalgate/schema/suite.schema.json");
    expect(schemaRef("/repo/evals", "/repo/schema/suite.schema.json")).toBe("../schema/suite.schema.json");
    expect(schemaRef("/p/evals/nested", "/p/node_modules/evalgate/schema/suite.schema.json")).toBe("../../node_modules/evalgate/schema/suite.schema.json");
  });

  test("refuses to overwrite an existing file, and writes nothing then", async () => {
    const dir = fresh();
    const first = await runCli(["init", dir]);
    expect(first.code).toBe(0);
    writeFileSync(join(dir, "evals/example.yaml"), "mine\n");
    rmSync(join(dir, "datasets/example.jsonl"));
    const again = await runCli(["init", dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^error\[BAD_FLAG\] .*not overwriting .*evals\/example\.yaml/);
    expect(readFileSync(join(dir, "evals/example.yaml"), "utf8")).toBe("mine\n");
    expect(() => readFileSync(join(dir, "datasets/example.jsonl"))).toThrow();
  });
});
