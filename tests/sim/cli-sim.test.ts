/** `evalgate sim`: a standalone simulator with --port, --config, --answers and --log. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { postJson } from "./sim-client.js";

afterEach(() => vi.restoreAllMocks());

function captureOutput() {
  const out: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((s) => (out.push(String(s)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((s) => (out.push(String(s)), true));
  return out;
}

async function waitFor(out: string[], pattern: RegExp): Promise<RegExpMatchArray> {
  for (let i = 0; i < 200; i++) {
    const m = out.join("").match(pattern);
    if (m) return m;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no ${pattern} in: ${out.join("")}`);
}

test("serves the configured behaviour and answers, logs each request, and stops on SIGINT", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
  writeFileSync(join(dir, "suite.yaml"), "sim:\n  seed: 3\n  models:\n    m: { accuracy: 1 }\n  reject_keys: [sk-old]\n");
  writeFileSync(join(dir, "answers.jsonl"), `${JSON.stringify({ caseId: "c1", keys: ["Where is order 7?"], answer: "It ships today." })}\n`);
  const log = join(dir, "log.jsonl");
  const out = captureOutput();
  const exit = main(["sim", "--port", "0", "--config", join(dir, "suite.yaml"), "--answers", join(dir, "answers.jsonl"), "--log", log]);
  const [, url] = await waitFor(out, /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/);
  const ok = await postJson(url!, "/chat/completions", { model: "m", messages: [{ role: "user", content: "Where is order 7?" }] });
  expect(JSON.parse(ok.text).choices[0].message.content).toBe("It ships today.");
  const rejected = await postJson(url!, "/chat/completions", { model: "m", messages: [{ role: "user", content: "hi" }] }, { authorization: "Bearer sk-old" });
  expect(rejected.status).toBe(401);
  process.emit("SIGINT");
  expect(await exit).toBe(0);
  expect(out.join("")).toContain("stopped after 2 requests");
  expect(readFileSync(log, "utf8").trim().split("\n")).toHaveLength(2);
});

test("an invalid config exits 2 with CONFIG_INVALID naming the file and key", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sim-cli-"));
  writeFileSync(join(dir, "bad.yaml"), "seed: 1\nmodels:\n  m: { accuracy: 3 }\n");
  const out = captureOutput();
  expect(await main(["sim", "--port", "0", "--config", join(dir, "bad.yaml")])).toBe(2);
  expect(out.join("")).toMatch(/error\[CONFIG_INVALID\] .*bad\.yaml: .*sim\.models\.m\.accuracy/);
});

test("a bad --port exits 2 with BAD_FLAG", async () => {
  const out = captureOutput();
  expect(await main(["sim", "--port", "http"])).toBe(2);
  expect(out.join("")).toContain("--port must be an integer");
});
