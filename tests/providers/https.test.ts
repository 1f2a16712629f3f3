import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

/**
 * The real API is HTTPS: `evalgate run` against a TLS endpoint on loopback, through the lean
 * transport and the SDK's path, the endpoint's certificate trusted the way a user trusts a
 * private CA (NODE_EXTRA_CA_CERTS). The certificate is made here with openssl.
 */
const dir = mkdtempSync(join(tmpdir(), "evalgate-https-"));
let server: Server;
let baseUrl: string;
const seen: Array<{ path: string; auth: string | undefined; attempt: string | undefined; fetchMode: string | undefined }> = [];

function chunk(delta: object, finish: string | null = null): string {
  return `data: ${JSON.stringify({ id: "chatcmpl-tls", object: "chat.completion.chunk", created: 1, model: "gpt-4.1-mini", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

beforeAll(async () => {
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
  server = createServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) }, (req, res) => {
    req.resume();
    req.on("end", () => {
      seen.push({ path: req.url ?? "", auth: req.headers.authorization, attempt: req.headers["x-evalgate-attempt"] as string | undefined, fetchMode: req.headers["sec-fetch-mode"] as string | undefined });
      res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "req_tls" });
      res.write(chunk({ role: "assistant", content: "" }) + chunk({ content: "Routed to " }));
      res.end(chunk({ content: "billing." }) + chunk({}, "stop") + `data: ${JSON.stringify({ id: "chatcmpl-tls", object: "chat.completion.chunk", created: 1, model: "gpt-4.1-mini", choices: [], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } })}\n\ndata: [DONE]\n\n`);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  writeFileSync(join(dir, "tls.yaml"), [
    "name: tls",
    "prompts: [{ id: p, input: \"{{ticket}}\" }]",
    "targets:",
    `  - { id: chat, api: chat, model: gpt-4.1-mini, base_url: "${baseUrl}", api_key_env: TLS_KEY, max_retries: 0 }`,
    "cases:",
    "  - { id: a, vars: { ticket: \"refund please\" } }",
    "  - { id: b, vars: { ticket: \"where is my order\" } }",
    "graders: [{ type: contains, value: billing }]",
  ].join("\n"));
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

describe("a TLS endpoint", () => {
  for (const transport of ["lean", "sdk"]) {
    it(`${transport}: every attempt is answered over HTTPS, streamed, with the key and the attempt header sent`, async () => {
      const before = seen.length;
      const r = await runCli(["run", join(dir, "tls.yaml"), "--db", join(dir, `${transport}.db`), "--json", join(dir, `${transport}.json`)], {
        cwd: dir,
        env: { TLS_KEY: "sk-tls-test-key", NODE_EXTRA_CA_CERTS: join(dir, "cert.pem"), EVALGATE_TRANSPORT: transport },
      });
      expect(r.stderr).not.toMatch(/error\[|attempts? errored/);
      expect(r.code).toBe(0);
      const attempts = (JSON.parse(readFileSync(join(dir, `${transport}.json`), "utf8")) as { runs: Array<{ attempts: Array<{ status: string; pass: boolean; output: { text: string; requestId: string; usage: { inputTokens: number } } }> }> }).runs.flatMap((x) => x.attempts);
      expect(attempts.map((a) => [a.status, a.pass, a.output.text, a.output.requestId, a.output.usage.inputTokens])).toEqual([
        ["ok", true, "Routed to billing.", "req_tls", 9],
        ["ok", true, "Routed to billing.", "req_tls", 9],
      ]);
      const sent = seen.slice(before).sort((x, y) => String(x.attempt).localeCompare(String(y.attempt)));
      // fetch (the SDK's path) marks its requests with sec-fetch-mode; node:http (the lean one) does not.
      const fetchMode = transport === "sdk" ? "cors" : undefined;
      expect(sent).toEqual([
        { path: "/v1/chat/completions", auth: "Bearer sk-tls-test-key", attempt: "a/0", fetchMode },
        { path: "/v1/chat/completions", auth: "Bearer sk-tls-test-key", attempt: "b/0", fetchMode },
      ]);
    }, 60_000);
  }

  it("lean: a certificate nobody trusts is refused (every attempt a connection error, exit 3), never sent to", async () => {
    const before = seen.length;
    const r = await runCli(["run", join(dir, "tls.yaml"), "--db", join(dir, "untrusted.db")], { cwd: dir, env: { TLS_KEY: "sk-tls-test-key", NODE_EXTRA_CA_CERTS: undefined } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/every attempt of run \S+ errored; \d+ of \d+ attempts? errored: connection: .*self[- ]signed certificate/);
    expect(seen.length).toBe(before);
  }, 60_000);
});
