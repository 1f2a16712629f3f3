/**
 * End to end (docs/shadow.md): an application on the official `openai` SDK (both APIs,
 * streamed and not) → `evalgate shadow` (the CLI, its own process, a random loopback port)
 * → `evalgate sim` as production, mirroring 50% to a second `evalgate sim` as the candidate.
 * Every production reply is byte-identical to what a fresh simulator with the same seed
 * returns for the same requests (its clock fields aside), the mirrored share is within 4σ of
 * its binomial mean, and the shadow run's stored pairs read back through `evalgate report
 * --format json` with a verdict. (The same verdict from an offline run of `evalgate import`
 * over `--log`: tests/shadow/shadow-import.test.ts.)
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { spawnCli, startSim, type SimProcess } from "../reliability/harness.js";
import { appRequest, scratchDir, waitFor, withoutClock, writeShadowSuite } from "./harness.js";

const APP_KEY = "sk-app-MARKERapp0key0000000000001";
const CANDIDATE_KEY = "sk-cand-MARKERcand0key00000000002";
const N = 120;
const SHARE = 0.5;

const sims: SimProcess[] = [];
afterAll(async () => {
  for (const s of sims) await s.stop();
});

/** Sends request i through a client and returns the raw reply (status, the headers that matter, the body's text). */
async function rawReply(client: OpenAI, i: number): Promise<{ status: number; type: string | null; requestId: string | null; modelled: string | null; text: string }> {
  const { path, body } = appRequest(i);
  const response = path === "/chat/completions"
    ? await client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParams).asResponse()
    : await client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParams).asResponse();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    requestId: response.headers.get("x-request-id"),
    modelled: response.headers.get("x-evalgate-modelled-latency"),
    text: await response.text(),
  };
}

describe("evalgate shadow, end to end", () => {
  it("passes production through byte for byte, mirrors half within its binomial bounds, and stores a shadow run `report` reads with a verdict", async () => {
    const dir = scratchDir("e2e");
    const simSuite = writeShadowSuite(dir, "http://127.0.0.1:1/v1");
    const production = await startSim(simSuite, join(dir, "production.jsonl"));
    sims.push(production);
    const reference = await startSim(simSuite, join(dir, "reference.jsonl"));
    sims.push(reference);
    const candidate = await startSim(simSuite, join(dir, "candidate.jsonl"));
    sims.push(candidate);
    const suite = writeShadowSuite(dir, candidate.url);
    const db = join(dir, "e.db");
    const log = join(dir, "pairs.jsonl");
    const env = { SHADOW_CANDIDATE_KEY: CANDIDATE_KEY, OPENAI_API_KEY: undefined };
    const proxy = spawnCli(["shadow", "--candidate", `${suite}#cand`, "--upstream", production.url, "--share", String(SHARE), "--seed", "11", "--port", "0", "--db", db, "--log", log], env, dir);
    let out = "";
    proxy.child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    await waitFor(() => /base_url=(\S+)/.test(out), 20_000);
    const baseURL = /base_url=(\S+);/.exec(out)![1]!;
    const statusUrl = /status at (\S+)\./.exec(out)![1]!;

    const viaProxy = new OpenAI({ apiKey: APP_KEY, baseURL, maxRetries: 0 });
    const direct = new OpenAI({ apiKey: APP_KEY, baseURL: reference.url, maxRetries: 0 });
    for (let i = 0; i < N; i++) {
      const [proxied, expected] = [await rawReply(viaProxy, i), await rawReply(direct, i)];
      expect({ ...proxied, text: withoutClock(proxied.text) }).toEqual({ ...expected, text: withoutClock(expected.text) });
      expect(proxied.status).toBe(200);
    }

    type Status = { mirror: { selected: number; stored: number; waiting: number; running: number; candidateErrors: number; skipped: Record<string, number> }; proxy: { requests: number } };
    const status = async () => (await (await fetch(statusUrl)).json()) as Status;
    let s = await status();
    for (let tries = 0; tries < 200 && (s.mirror.waiting > 0 || s.mirror.running > 0); tries++) {
      await new Promise((r) => setTimeout(r, 50));
      s = await status();
    }
    // Binomial(120, 0.5): mean 60, σ = √(120 · 0.25) ≈ 5.48; every request was eligible.
    expect(s.proxy.requests).toBe(N);
    expect(s.mirror.selected + s.mirror.skipped.not_drawn!).toBe(N);
    expect(Math.abs(s.mirror.selected - N * SHARE)).toBeLessThanOrEqual(4 * Math.sqrt(N * SHARE * (1 - SHARE)));
    expect(s.mirror).toMatchObject({ stored: s.mirror.selected, candidateErrors: 0 });

    proxy.child.kill("SIGTERM");
    const ended = await proxy.done;
    expect(ended.code).toBe(0);
    expect(ended.stdout).toMatch(/verdict shadow@production → shadow@cand: (PASS|FAIL|INCONCLUSIVE)/);

    const report = await runCli(["report", "latest", "--db", db, "--format", "json"], { cwd: dir });
    expect(report.code).toBe(0);
    const parsed = JSON.parse(report.stdout) as { verdict: string; runs: Array<{ run: { status: string; tags: string[] }; arms: Array<{ arm: string; attempts: number }> }>; comparisons: Array<{ verdict: { status: string } }> };
    expect(parsed.verdict).toMatch(/^(PASS|FAIL|INCONCLUSIVE)$/);
    expect(parsed.runs[0]?.run).toMatchObject({ status: "completed", tags: ["shadow"] });
    expect(parsed.runs[0]?.arms.map((a) => [a.arm, a.attempts])).toEqual([["shadow@production", s.mirror.stored], ["shadow@cand", s.mirror.stored]]);
    expect(parsed.comparisons).toHaveLength(1);

    // The log holds the same pairs; the upstream saw each request once, the candidate each mirror once.
    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines).toHaveLength(s.mirror.stored);
    expect(readFileSync(join(dir, "production.jsonl"), "utf8").trim().split("\n")).toHaveLength(N);
    expect(readFileSync(join(dir, "candidate.jsonl"), "utf8").trim().split("\n")).toHaveLength(s.mirror.stored);
    for (const text of [ended.stdout, ended.stderr, ...[db, `${db}-wal`, log].filter(existsSync).map((f) => readFileSync(f).toString("latin1"))]) {
      expect(text).not.toMatch(/MARKER/);
    }
  }, 120_000);

  it("refuses bad flags with the flag's name and exit code 2", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--candidate", "suite.yaml"], /--candidate takes SUITE#TARGET/],
      [["--candidate", "s.yaml#t", "--share", "1.5"], /--share must be a number from 0 to 1/],
      [["--candidate", "s.yaml#t", "--queue", "0"], /--queue must be a positive integer/],
      [["--candidate", "s.yaml#t", "--upstream", "ftp://x"], /--upstream must be an http\(s\) base URL/],
      [["--candidate", "s.yaml#t", "--host", "0.0.0.0"], /--host 0.0.0.0 is reachable from other machines/],
      [["--candidate", "s.yaml#t", "--metadata", "novalue"], /--metadata takes KEY=VALUE/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(["shadow", ...args], { env: { EVALGATE_TOKEN: undefined } });
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
    }
  }, 60_000);
});
