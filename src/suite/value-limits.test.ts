import { join } from "node:path";
import { describe, expect, it } from "vitest";
import "../graders/index.js";
import { formatLocation, isEvalgateError, LIMITS, type EvalgateError } from "../core/index.js";
import { loadSuite } from "./load-suite.js";
import { planSuite } from "./plan.js";
import { writeSuiteDir } from "./test-suite-dir.js";

const HEAD = `name: limits
prompts:
  - { id: ask, input: "{{q}}" }
targets:
  - { id: chat, api: chat, model: gpt-4.1-mini, base_url: sim }
`;

async function loadError(dir: string, file = "suite.yaml"): Promise<EvalgateError> {
  const error = await loadSuite(join(dir, file)).then(() => undefined, (e: unknown) => e);
  if (!isEvalgateError(error)) throw new Error(`expected an EvalgateError, got ${String(error)}`);
  return error;
}

describe("limits on what a suite supplies", () => {
  it("refuses a value over 1 MiB in a YAML dataset, naming its row", async () => {
    const big = "x".repeat(LIMITS.valueBytes + 1);
    const dir = writeSuiteDir({ "suite.yaml": `${HEAD}dataset: rows.yaml\n`, "rows.yaml": `- { id: small, q: hi }\n- id: big\n  q: ${big}\n` });
    const error = await loadError(dir);
    expect(error.code).toBe("DATASET_INVALID");
    expect(error.message).toBe("case big: `q` is 1,048,577 bytes, over the 1 MiB limit for one value");
    expect(formatLocation(error.location!)).toMatch(/rows\.yaml:2:3$/);
  });

  it("refuses a value over 1 MiB in an inline case", async () => {
    const dir = writeSuiteDir({ "suite.yaml": `${HEAD}cases:\n  - { id: c1, vars: { q: "${"é".repeat(LIMITS.valueBytes / 2 + 1)}" } }\n` });
    const error = await loadError(dir);
    expect(error.message).toBe("case c1: `q` is 1,048,578 bytes, over the 1 MiB limit for one value");
    expect(formatLocation(error.location!)).toMatch(/suite\.yaml:7:\d+$/);
  });

  it("refuses vars nested 3,000 deep with a positioned error instead of overflowing the stack", async () => {
    const deep = `${"[".repeat(3000)}1${"]".repeat(3000)}`;
    const dir = writeSuiteDir({ "suite.yaml": `${HEAD}dataset: rows.jsonl\n`, "rows.jsonl": `{"id":"deep","q":"hi","nest":${deep}}\n` });
    const error = await loadError(dir);
    expect(error.code).toBe("DATASET_INVALID");
    expect(error.message).toMatch(/^case deep: its vars nest deeper than 64 levels/);
    expect(formatLocation(error.location!)).toMatch(/rows\.jsonl:1:1$/);
  });

  it("refuses a suite file over 64 MiB before parsing it", async () => {
    const filler = `# ${"x".repeat(1022)}\n`.repeat(64 * 1024 + 1);
    const dir = writeSuiteDir({ "suite.yaml": `${HEAD}cases: [{ id: c1, vars: { q: hi } }]\n${filler}` });
    const error = await loadError(dir);
    expect(error.message).toMatch(/suite\.yaml is 67,\d{3},\d{3} bytes, over the 64 MiB limit$/);
  });

  it("refuses a plan over 1,000,000 attempts and a repeat over 1,000 before building it", async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => `{"id":"r${i}","q":"hi"}`).join("\n");
    const dir = writeSuiteDir({ "suite.yaml": `${HEAD}dataset: rows.jsonl\nrepeat: 1000\n`, "rows.jsonl": rows });
    const suite = await loadSuite(join(dir, "suite.yaml"));
    expect(() => planSuite(suite)).toThrow("the plan has 1,001,000 attempts (1,001 cases × 1 arms × 1000 repeats), over the 1,000,000 one run may hold");
    expect(() => planSuite(suite, { repeat: 1_000_000_000 })).toThrow("--repeat is at most 1000 (got 1000000000)");
    expect(planSuite(suite, { repeat: 999 }).attempts).toHaveLength(1001 * 999);
  });
});

describe("duplicate keys", () => {
  it("finds a repeated key among 40,000 in linear work, at the second occurrence", async () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: ${i}`);
    keys.push("  k17: again");
    const dir = writeSuiteDir({ "suite.yaml": `${HEAD}cases:\n  - id: c1\n    vars:\n      q: hi\n    tags: []\nsim:\n  seed: 1\nmeta:\n${keys.join("\n")}\n` });
    const started = process.cpuUsage();
    const error = await loadError(dir);
    const cpuMs = process.cpuUsage(started).user / 1000;
    expect(error.code).toBe("SUITE_PARSE");
    expect(error.message).toBe("Map keys must be unique");
    expect(formatLocation(error.location!)).toMatch(/suite\.yaml:40014:3$/);
    // The pairwise check took 39 s of CPU here; a set takes well under a second even on a busy machine.
    expect(cpuMs).toBeLessThan(10_000);
  });
});
