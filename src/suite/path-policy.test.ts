import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import "../graders/index.js";
import { EvalgateError } from "../core/index.js";
import { loadSuite } from "./load-suite.js";
import { findProjectRoot } from "./path-policy.js";
import { writeSuiteDir } from "./test-suite-dir.js";

const suite = (prompt: string, extra = "") => `name: confined
prompts:
  - id: p
    input: ${prompt}
targets:
  - { id: t, api: chat, model: gpt-4.1-mini, base_url: sim }
${extra}
cases:
  - { id: c1, vars: {} }
`;

// project/ holds package.json; the suite sits in project/evals, a dataset in project/datasets.
const dir = writeSuiteDir({
  "project/package.json": "{}",
  "project/datasets/rows.jsonl": '{"id": "r1", "vars": {}}\n',
  "project/evals/prompt.md": "hello\n",
  "project/evals/grader.mjs": "export default () => true;\n",
  "project/evals/ok.yaml": suite("file://prompt.md", "dataset: ../datasets/rows.jsonl\ngraders:\n  - { type: javascript, module: grader.mjs }"),
  "project/evals/proc.yaml": suite("file:///proc/self/environ"),
  "project/evals/outside.yaml": suite("file://../../elsewhere/secret.txt"),
  "project/evals/link.yaml": suite("file://link.txt"),
  "project/evals/folder.yaml": suite("file://../datasets"),
  "project/evals/dataset-outside.yaml": suite("hi", "dataset: ../../elsewhere/rows.jsonl"),
  "project/evals/module-missing.yaml": suite("hi", "graders:\n  - { type: javascript, module: nosuch.mjs }"),
  "project/evals/module-outside.yaml": suite("hi", "graders:\n  - { type: javascript, module: ../../elsewhere/grader.mjs }"),
  "project/evals/judge-prompt.yaml": suite("hi", "judges:\n  - { id: j, api: chat, model: gpt-4.1-mini, base_url: sim }\ngraders:\n  - { type: rubric, judge: j, rubric: polite, prompt: \"file://../../elsewhere/secret.txt\" }"),
  "project/evals/row-module.yaml": suite("hi", "dataset: rows-with-graders.jsonl"),
  "project/evals/rows-with-graders.jsonl": '{"id": "r1", "vars": {}, "graders": [{"type": "javascript", "module": "../../elsewhere/grader.mjs"}]}\n',
  "elsewhere/secret.txt": "sk-secret\n",
  "elsewhere/rows.jsonl": '{"id": "r1", "vars": {}}\n',
  "elsewhere/grader.mjs": "export default () => true;\n",
});
symlinkSync(join(dir, "elsewhere/secret.txt"), join(dir, "project/evals/link.txt"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function loadError(name: string, allowPaths?: string[]): Promise<EvalgateError> {
  try {
    await loadSuite(join(dir, "project/evals", name), allowPaths ? { allowPaths } : {});
  } catch (e) {
    if (e instanceof EvalgateError) return e;
    throw e;
  }
  throw new Error(`${name} loaded`);
}

describe("what files a suite may name", () => {
  test("files below the project root (the folder holding package.json) load, ../datasets included", async () => {
    const loaded = await loadSuite(join(dir, "project/evals/ok.yaml"));
    expect(loaded.prompts[0]!.input).toBe("hello");
    expect(loaded.cases.map((c) => c.id)).toEqual(["r1", "c1"]);
  });

  test("the repository's demo suite, whose dataset is ../datasets/, stays legal", async () => {
    const demo = await loadSuite(join(import.meta.dirname, "../../evals/demo.yaml"));
    expect(demo.cases.length).toBeGreaterThan(0);
  });

  test("file:///proc/self/environ is refused at the prompt's line and column, even with --allow-path /", async () => {
    for (const allow of [undefined, ["/"]]) {
      const e = await loadError("proc.yaml", allow);
      expect(e.code).toBe("PATH_NOT_ALLOWED");
      expect(e.exitCode).toBe(2);
      expect(e.message).toContain("system path");
      expect(e.location).toMatchObject({ line: 4, col: 12 });
    }
  });

  test("a file outside the project root is refused with a hint naming --allow-path, and --allow-path admits it", async () => {
    const e = await loadError("outside.yaml");
    expect(e.code).toBe("PATH_NOT_ALLOWED");
    expect(e.message).toContain("outside the suite's project root");
    expect(e.hint).toContain("--allow-path DIR");
    expect(e.location).toMatchObject({ line: 4, col: 12 });
    const loaded = await loadSuite(join(dir, "project/evals/outside.yaml"), { allowPaths: [join(dir, "elsewhere")] });
    expect(loaded.prompts[0]!.input).toBe("sk-secret");
  });

  test("a symlink inside the root that points outside it is refused (the real path is checked)", async () => {
    expect((await loadError("link.yaml")).code).toBe("PATH_NOT_ALLOWED");
  });

  test("a folder is not a regular file and is refused", async () => {
    const e = await loadError("folder.yaml");
    expect(e.code).toBe("PATH_NOT_ALLOWED");
    expect(e.message).toContain("not a regular file");
  });

  test("a dataset outside the root is refused at the `dataset:` line", async () => {
    const e = await loadError("dataset-outside.yaml");
    expect(e.code).toBe("PATH_NOT_ALLOWED");
    expect(e.location?.line).toBe(7);
  });

  test("a javascript grader's module resolves against the suite's folder; a missing one is a load error", async () => {
    const e = await loadError("module-missing.yaml");
    expect(e.code).toBe("FILE_NOT_FOUND");
    expect(e.message).toContain("evals/nosuch.mjs");
    expect(e.location?.line).toBe(8);
  });

  test("a javascript module outside the root is refused, in the suite and in a dataset row", async () => {
    expect((await loadError("module-outside.yaml")).code).toBe("PATH_NOT_ALLOWED");
    const row = await loadError("row-module.yaml");
    expect(row.code).toBe("PATH_NOT_ALLOWED");
    expect(row.location).toMatchObject({ line: 1 });
  });
});

test("a judge prompt's file:// outside the root is refused at load", async () => {
  const e = await loadError("judge-prompt.yaml");
  expect(e.code).toBe("PATH_NOT_ALLOWED");
  expect(e.location?.line).toBe(10);
});

describe("the project root without package.json or .git", () => {
  test("is the working directory, and the suite's own folder is always readable", async () => {
    const bare = writeSuiteDir({ "s.yaml": suite("file://p.md"), "p.md": "own folder\n" });
    try {
      mkdirSync(join(bare, "sub"));
      writeFileSync(join(bare, "sub/s.yaml"), suite("file://../p.md"));
      expect((await loadSuite(join(bare, "s.yaml"))).prompts[0]!.input).toBe("own folder");
      // The temp folder has no marker above it and is not below the working directory: the parent folder is outside.
      expect(findProjectRoot(join(bare, "sub"))).toBeUndefined();
      await expect(loadSuite(join(bare, "sub/s.yaml"))).rejects.toMatchObject({ code: "PATH_NOT_ALLOWED" });
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
