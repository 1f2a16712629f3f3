/**
 * An endpoint that quotes the caller's key back in a 401 ("Incorrect API key provided:
 * …") must not get that key into the database, the JUnit file or the Markdown summary.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { runCli } from "../helpers/cli.js";

const KEY = "tok-9f8e7d6c5b4a3210zz"; // not sk- shaped: only the attempt's own key can mask it
const OTHER = "sk-proj-OTHERSECRET0123456789";
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const auth = req.headers.authorization ?? "";
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({
        error: { message: `Incorrect API key provided: ${KEY}. Header was '${auth}'; also saw ${OTHER}.`, type: "invalid_request_error", code: "invalid_api_key" },
      }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("secrets quoted in provider errors", () => {
  it("masks the key in the stored error, the JUnit XML and the Markdown", async () => {
    const dir = mkdtempSync(join(tmpdir(), "evalgate-secret-"));
    writeFileSync(join(dir, "s.yaml"), [
      "name: secret-echo",
      "prompts: [{ id: p, input: 'Say {{x}}' }]",
      `targets: [{ id: t, api: chat, model: gpt-4.1-mini, base_url: "http://127.0.0.1:${port}/v1" }]`,
      "cases: [{ id: c1, vars: { x: hi } }]",
      "graders: [{ type: contains, value: hi }]",
      "",
    ].join("\n"));
    const db = join(dir, "e.db");
    const junit = join(dir, "j.xml");
    const md = join(dir, "r.md");
    const r = await runCli(["run", join(dir, "s.yaml"), "--db", db, "--junit", junit, "--markdown", md, "--json", join(dir, "o.json")], {
      cwd: dir, env: { OPENAI_API_KEY: KEY, GITHUB_STEP_SUMMARY: undefined }, timeoutMs: 60_000,
    });
    expect(r.stderr + r.stdout).not.toContain(KEY);
    const store = await openStore(db, { readonly: true });
    let message = "";
    try {
      const [summary] = await store.listRuns();
      const { attempts } = await store.listAttempts(summary!.run.id, { limit: 10, offset: 0 });
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.error?.kind).toBe("auth");
      message = attempts[0]!.error!.message;
    } finally {
      await store.close();
    }
    expect(message).toContain("Incorrect API key provided: [redacted]");
    expect(message).not.toContain(OTHER);
    expect(message).toContain("Bearer [redacted]");
    for (const file of [db, `${db}-wal`, junit, md, join(dir, "o.json")]) {
      if (!existsSync(file)) continue;
      const text = readFileSync(file).toString("latin1");
      expect(text, file).not.toContain(KEY);
      expect(text, file).not.toContain(OTHER);
    }
    expect(readFileSync(junit, "utf8")).toContain("[redacted]");
  }, 90_000);
});
