import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import "../graders/index.js";
import { loadSuite } from "./load-suite.js";
import { isCredentialEnvName } from "./key-env.js";
import { writeSuiteDir } from "./test-suite-dir.js";

const suite = (target: string, judge = "") => `name: keys
prompts:
  - { id: p, input: hi }
targets:
  - ${target}
${judge}
cases:
  - { id: c1, vars: {} }
`;
const dir = writeSuiteDir({
  "path.yaml": suite("{ id: t, api: chat, model: gpt-4.1-mini, api_key_env: PATH }"),
  "judge.yaml": suite("{ id: t, api: chat, model: gpt-4.1-mini }", "judges:\n  - { id: j, api: chat, model: gpt-4.1-mini, api_key_env: HOME }"),
  "ok.yaml": suite("{ id: t, api: chat, model: gpt-4.1-mini, api_key_env: AZURE_OPENAI_API_KEY }"),
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("api_key_env", () => {
  test("names a key: OPENAI_*, EVALGATE_* or *_API_KEY / *_KEY / *_TOKEN", () => {
    expect(["OPENAI_API_KEY", "OPENAI_ORG", "EVALGATE_SIM_KEY", "GROQ_API_KEY", "MY_KEY", "HF_TOKEN"].every(isCredentialEnvName)).toBe(true);
    expect(["PATH", "HOME", "NODE_OPTIONS", "AWS_SECRET_ACCESS_KEY_ID", "my_api_key", "_KEY", "KEY"].some(isCredentialEnvName)).toBe(false);
  });

  test("a target sending $PATH as its key is a load error at its api_key_env", async () => {
    await expect(loadSuite(join(dir, "path.yaml"))).rejects.toMatchObject({ code: "SUITE_INVALID", location: { line: 5 }, message: expect.stringContaining("api_key_env `PATH`") });
  });

  test("so is a judge's", async () => {
    await expect(loadSuite(join(dir, "judge.yaml"))).rejects.toMatchObject({ code: "SUITE_INVALID", location: { line: 7 } });
  });

  test("a key name loads", async () => {
    expect((await loadSuite(join(dir, "ok.yaml"))).targets[0]!.api_key_env).toBe("AZURE_OPENAI_API_KEY");
  });
});
