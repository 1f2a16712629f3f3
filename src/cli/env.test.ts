import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { loadDotEnv } from "./env.js";

const names = ["OPENAI_API_KEY", "EVALGATE_DB", "ANTHROPIC_API_KEY", "GITHUB_TOKEN", "AZURE_KEY", "NODE_OPTIONS", "GIT_CONFIG_GLOBAL", "PATH_EXTRA", "lower_key"];
const saved = new Map(names.map((n) => [n, process.env[n]]));
afterEach(() => {
  for (const [n, v] of saved) {
    if (v === undefined) delete process.env[n];
    else process.env[n] = v;
  }
});

describe(".env", () => {
  test("sets only EVALGATE_*, OPENAI_* and key names, and warns once, on one line, about the rest", () => {
    for (const n of names) if (n !== "NODE_OPTIONS" && n !== "PATH_EXTRA") delete process.env[n];
    const dir = mkdtempSync(join(tmpdir(), "evalgate-env-"));
    try {
      writeFileSync(join(dir, ".env"), [
        "OPENAI_API_KEY=sk-1", "EVALGATE_DB=x.db", "ANTHROPIC_API_KEY=a", "GITHUB_TOKEN=t", "AZURE_KEY=k",
        "NODE_OPTIONS=--require ./evil.js", "GIT_CONFIG_GLOBAL=/tmp/evil", "PATH_EXTRA=/x", "lower_key=1", "NODE_OPTIONS=--again",
      ].join("\n"));
      const before = process.env.NODE_OPTIONS;
      const lines: string[] = [];
      const ignored = loadDotEnv(dir, (l) => lines.push(l));
      expect(process.env).toMatchObject({ OPENAI_API_KEY: "sk-1", EVALGATE_DB: "x.db", ANTHROPIC_API_KEY: "a", GITHUB_TOKEN: "t", AZURE_KEY: "k" });
      expect(process.env.NODE_OPTIONS).toBe(before);
      expect(process.env.GIT_CONFIG_GLOBAL).toBeUndefined();
      expect(process.env.lower_key).toBeUndefined();
      expect(ignored).toEqual(["NODE_OPTIONS", "GIT_CONFIG_GLOBAL", "PATH_EXTRA", "lower_key"]);
      expect(lines).toEqual(["warning: .env: ignored NODE_OPTIONS, GIT_CONFIG_GLOBAL, PATH_EXTRA, lower_key (.env sets only EVALGATE_*, OPENAI_* and *_API_KEY/*_KEY/*_TOKEN names)\n"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a .env with only allowed names prints nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "evalgate-env-"));
    try {
      writeFileSync(join(dir, ".env"), "OPENAI_API_KEY=sk-2\n");
      const lines: string[] = [];
      expect(loadDotEnv(dir, (l) => lines.push(l))).toEqual([]);
      expect(lines).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
