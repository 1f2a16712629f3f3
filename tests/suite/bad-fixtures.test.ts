import { mkdtempSync, readdirSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import "../../src/graders/index.js";
import { formatLocation, isEvalgateError, type EvalgateError } from "../../src/core/index.js";
import { loadSuite, MAX_DATASET_ROWS, MAX_LINE_BYTES } from "../../src/suite/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

const dir = "tests/fixtures/bad";

/** fixture → error code, exact file:line:col (relative to the fixture folder), message start. */
const cases: [string, string, string, string][] = [
  ["alias-bomb.yaml", "SUITE_PARSE", "alias-bomb.yaml:3:8", "too many YAML aliases"],
  ["bad-base-url.yaml", "SUITE_INVALID", "bad-base-url.yaml:5:59", "`targets[0].base_url`: Invalid URL"],
  ["credentials-base-url.yaml", "SUITE_INVALID", "credentials-base-url.yaml:5:59", "`targets[0].base_url`: a URL must not hold credentials: put the key in an environment variable and name it with `api_key_env`"],
  ["n-param.yaml", "SUITE_INVALID", "n-param.yaml:5:59", "unknown key `n` in targets[0].params — `n` is not a param: use `repeat`"],
  ["nan-repeat.yaml", "SUITE_INVALID", "nan-repeat.yaml:6:9", "`repeat` must be a number (got the non-number NaN)"],
  ["redos-redact.yaml", "SUITE_INVALID", "redos-redact.yaml:9:5", "redact pattern \"(a+)+$\" can backtrack catastrophically: it nests one unbounded quantifier in another, as (a+)+ does"],
  ["bad-grader-option.yaml", "SUITE_INVALID", "bad-grader-option.yaml:10:43", "`graders[0].flags`: flags are among d g i m s u v y"],
  ["bad-name.yaml", "SUITE_INVALID", "bad-name.yaml:1:7", "`name`: the name is kebab-case"],
  ["bad-redact.yaml", "SUITE_INVALID", "bad-redact.yaml:11:5", "redact pattern does not compile: Invalid regular expression: /(unclosed/g: Unterminated group"],
  ["bad-regex.yaml", "SUITE_INVALID", "bad-regex.yaml:10:29", "`graders[0].pattern`: not a valid regular expression"],
  ["bad-role.yaml", "SUITE_INVALID", "bad-role.yaml:5:17", "`prompts[0].messages[0].role` must be one of system, developer, user, assistant, tool"],
  ["bad-tool-choice.yaml", "SUITE_REFERENCE", "bad-tool-choice.yaml:7:26", "tool_choice names `lookup`"],
  ["bad-yaml-dataset.yaml", "DATASET_INVALID", "bad-row-shape.yaml:6:9", "`tags` must be an array"],
  ["bare-compare.yaml", "SUITE_REFERENCE", "bare-compare.yaml:11:17", "compare baseline `chat` is not an arm of this suite (a bare target id needs a suite with one prompt)"],
  ["broken-jsonl.yaml", "DATASET_INVALID", "broken.jsonl:2:30", "line 2 is not valid JSON"],
  ["case-grader-typo.yaml", "SUITE_INVALID", "case-grader-typo.yaml:11:27", "unknown key `vlaue` in case c1.graders[0] — did you mean `value`?"],
  ["dangling-compare.yaml", "SUITE_REFERENCE", "dangling-compare.yaml:10:34", "compare candidate `respp` is not an arm of this suite — did you mean `resp`?"],
  ["dangling-judge.yaml", "SUITE_REFERENCE", "dangling-judge.yaml:12:28", "grader judge `juge` is not a judge"],
  ["dataset-unknown-var.yaml", "TEMPLATE_ERROR", "dataset-unknown-var.yaml:4:12", "unknown variable `question` in template \"Question: {{question}}\" for case c2 (tests/fixtures/bad/missing-column.jsonl:2:1)"],
  ["duplicate-case.yaml", "SUITE_INVALID", "duplicate-case.yaml:10:11", "duplicate case id `c1` (first at tests/fixtures/bad/duplicate-case.yaml:8:5)"],
  ["duplicate-key.yaml", "SUITE_PARSE", "duplicate-key.yaml:9:1", "Map keys must be unique"],
  ["duplicate-prompt.yaml", "SUITE_INVALID", "duplicate-prompt.yaml:4:11", "duplicate prompt id `ask`"],
  ["duplicate-target.yaml", "SUITE_INVALID", "duplicate-target.yaml:6:11", "duplicate target or judge id `chat`"],
  ["empty-dataset.yaml", "DATASET_INVALID", "empty.jsonl:1:1", "tests/fixtures/bad/empty.jsonl holds no rows"],
  ["input-and-messages.yaml", "SUITE_INVALID", "input-and-messages.yaml:3:9", "prompt `ask` needs exactly one of `input` and `messages`"],
  ["invalid-json-schema.yaml", "SUITE_INVALID", "invalid-json-schema.yaml:7:15", "prompt `ask` output schema is not a valid JSON Schema"],
  ["json-schema-no-schema.yaml", "SUITE_INVALID", "json-schema-no-schema.yaml:11:13", "json-schema grader has no schema"],
  ["loop-max-steps.yaml", "SUITE_INVALID", "loop-max-steps.yaml:5:16", "`prompts[0].max_steps`: Too big: expected number to be <=50 (got 500)"],
  ["loop-no-implementation.yaml", "SUITE_INVALID", "loop-no-implementation.yaml:8:15", "tool `get_shipping_status` of prompt `ask` has no implementation, and the prompt is a tool loop"],
  ["loop-two-implementations.yaml", "SUITE_INVALID", "loop-two-implementations.yaml:7:44", "a tool implementation takes one of `result`, `template` and `module`, not `result` and `template`"],
  ["loop-tool-timeout.yaml", "SUITE_INVALID", "loop-tool-timeout.yaml:7:72", "`prompts[0].tools[0].implementation.timeout_ms`: Too big: expected number to be <=60000 (got 600000)"],
  ["loop-missing-module.yaml", "FILE_NOT_FOUND", "loop-missing-module.yaml:7:35", "tool module not found: tests/fixtures/bad/tools/missing.mjs"],
  ["loop-state-no-store.yaml", "SUITE_INVALID", "loop-state-no-store.yaml:9:76", "target `resp` sets state: previous_response_id without `params: { store: true }`"],
  ["loop-state-chat.yaml", "SUITE_INVALID", "loop-state-chat.yaml:9:71", "target `chat` sets state: previous_response_id, which only the Responses API has"],
  ["loop-order-unknown-tool.yaml", "SUITE_REFERENCE", "loop-order-unknown-tool.yaml:13:46", "tool-call grader expects tool `cancel_order`, which no prompt offers"],
  ["loop-template-var.yaml", "TEMPLATE_ERROR", "loop-template-var.yaml:7:37", "unknown variable `staus` in template \"{{args.id}} is {{staus}}\" for case c1"],
  ["missing-dataset.yaml", "FILE_NOT_FOUND", "missing-dataset.yaml:7:10", "file not found: tests/fixtures/data/nowhere.jsonl"],
  ["missing-instructions.yaml", "FILE_NOT_FOUND", "missing-instructions.yaml:4:19", "file not found: tests/fixtures/bad/prompts/missing.md"],
  ["missing-prompts.yaml", "SUITE_INVALID", "missing-prompts.yaml:1:1", "`prompts` is required"],
  ["no-cases.yaml", "SUITE_INVALID", "no-cases.yaml:1:1", "the suite has no cases"],
  ["not-utf8.yaml", "DATASET_INVALID", "latin1.jsonl:1:30", "tests/fixtures/bad/latin1.jsonl is not UTF-8 text"],
  ["ragged-csv.yaml", "DATASET_INVALID", "ragged.csv:3:1", "line 3 of tests/fixtures/bad/ragged.csv has 3 fields, the header has 2"],
  ["rejected-param.yaml", "SUITE_INVALID", "rejected-param.yaml:5:99", "max_output_tokens must be at least 16 on the Responses API (got 8)"],
  ["row-not-object.yaml", "DATASET_INVALID", "not-object.jsonl:2:1", "row 2 is not an object (got a list)"],
  ["sim-answer-var.yaml", "TEMPLATE_ERROR", "sim-answer-var.yaml:11:19", "unknown variable `answer` in template \"{{answer}}\" for case c1"],
  ["strict-schema.yaml", "SUITE_INVALID", "strict-schema.yaml:7:15", "prompt `ask` output schema is strict but the object at $ does not set `additionalProperties: false`"],
  ["tabs.yaml", "SUITE_PARSE", "tabs.yaml:3:1", "Tabs are not allowed as indentation"],
  ["tool-call-no-tools.yaml", "SUITE_INVALID", "tool-call-no-tools.yaml:10:13", "tool-call grader needs tools"],
  ["top-level-list.yaml", "SUITE_INVALID", "top-level-list.yaml:1:1", "a suite is a YAML map"],
  ["unknown-grader.yaml", "SUITE_INVALID", "unknown-grader.yaml:10:13", "unknown grader type `equal` — did you mean `equals`?"],
  ["unknown-key.yaml", "SUITE_INVALID", "unknown-key.yaml:9:1", "unknown key `grader` — did you mean `graders`?"],
  ["unknown-param.yaml", "SUITE_INVALID", "unknown-param.yaml:5:59", "unknown key `max_tokens` in targets[0].params"],
  ["unknown-var.yaml", "TEMPLATE_ERROR", "unknown-var.yaml:4:12", "unknown variable `questoin` in template \"Question: {{questoin}}\" for case c1"],
  ["unsupported-dataset.yaml", "DATASET_INVALID", "unsupported-dataset.yaml:7:10", "unsupported dataset type `.txt`"],
  ["wrong-api.yaml", "SUITE_INVALID", "wrong-api.yaml:6:22", "`targets[0].api` must be one of chat, responses (got \"completions\")"],
  ["wrong-type.yaml", "SUITE_INVALID", "wrong-type.yaml:9:9", "`repeat` must be a number (got a string \"three\")"],
  ["yaml-syntax.yaml", "SUITE_PARSE", "yaml-syntax.yaml:4:12", "Missing closing \"quote"],
];

async function loadError(file: string): Promise<EvalgateError> {
  try {
    await loadSuite(file);
  } catch (e) {
    if (isEvalgateError(e)) return e;
    throw e;
  }
  throw new Error(`${file} loaded without an error`);
}

describe("malformed suites and datasets are refused with their exact position", () => {
  test("every suite fixture in tests/fixtures/bad is covered by the table", () => {
    const suites = readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "bad-row-shape.yaml").sort();
    expect(suites).toEqual(cases.map((c) => c[0]).sort());
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  test.each(cases)("%s → %s at %s", async (fixture, code, at, message) => {
    const error = await loadError(join(dir, fixture));
    expect(error.code).toBe(code);
    expect(error.exitCode).toBe(2);
    expect(formatLocation(error.location!)).toBe(`${dir}/${at}`);
    expect(error.message.startsWith(message), error.message).toBe(true);
    expect(error.hint, "every error says how to fix it").toBeTruthy();
  });
});

describe("dataset size limits", () => {
  const tmp = mkdtempSync(join(tmpdir(), "evalgate-limits-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const suite = (dataset: string) => {
    const file = join(tmp, `${dataset}.yaml`);
    writeFileSync(file, `name: limits\nprompts:\n  - { id: p, input: "hi" }\ntargets:\n  - { id: t, api: chat, model: gpt-4.1-mini }\ndataset: ${dataset}\n`);
    return file;
  };

  test("a dataset of 10 million rows stops at the 1,000,001st row with its line", async () => {
    const fd = openSync(join(tmp, "huge.jsonl"), "w");
    const chunk = "{}\n".repeat(1_000_000);
    for (let i = 0; i < 10; i++) writeSync(fd, chunk);
    closeSync(fd);
    const started = performance.now();
    const error = await loadError(suite("huge.jsonl"));
    expect(error.code).toBe("DATASET_INVALID");
    expect(error.location).toMatchObject({ line: MAX_DATASET_ROWS + 1, col: 1 });
    expect(error.message).toContain("has more than 1,000,000 rows");
    expect(performance.now() - started).toBeLessThan(5_000);
  }, 20_000);

  test("a line over 1 MiB is refused at that line", async () => {
    const long = JSON.stringify({ id: "big", text: "x".repeat(MAX_LINE_BYTES) });
    writeFileSync(join(tmp, "long.jsonl"), `{"id": "ok", "text": "short"}\n${long}\n`);
    const error = await loadError(suite("long.jsonl"));
    expect(error.code).toBe("DATASET_INVALID");
    expect(error.location).toMatchObject({ line: 2, col: 1 });
    expect(error.message).toContain("over the 1048576-byte (1 MiB) limit");
  });

  test("a CSV row over 1 MiB is refused too", async () => {
    writeFileSync(join(tmp, "long.csv"), `id,text\nok,short\nbig,${"y".repeat(MAX_LINE_BYTES + 10)}\n`);
    const error = await loadError(suite("long.csv"));
    expect(error.code).toBe("DATASET_INVALID");
    expect(error.message).toContain("1 MiB");
  });
});

describe("evalgate validate on the malformed fixtures", () => {
  test("exits 2, prints each file's error with its position and no stack, and writes nothing", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "evalgate-validate-"));
    const before = readdirSync(dir).sort();
    try {
      const files = cases.map((c) => join(repoRoot, dir, c[0]));
      const result = await runCli(["validate", ...files], { cwd });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      const errors = result.stderr.split(/^(?=error\[)/m);
      expect(errors).toHaveLength(cases.length);
      cases.forEach(([, code, at], i) => {
        const text = errors[i]!;
        expect(text.startsWith(`error[${code}] `), text).toBe(true);
        expect(text).toContain(`${at}: `);
        expect(text.trimEnd().split("\n").length, "one screen").toBeLessThanOrEqual(4);
      });
      expect(result.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
      expect(readdirSync(cwd)).toEqual([]);
      expect(readdirSync(dir).sort()).toEqual(before);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 30_000);
});

