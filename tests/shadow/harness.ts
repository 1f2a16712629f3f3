/**
 * What the shadow tests share: a suite whose cases the simulators answer, simulators as
 * production and candidate, and requests an application would send (docs/shadow.md).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSuite, buildAnswerIndex } from "../../src/suite/index.js";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import "../../src/graders/index.js";

export const TICKETS = [
  { ticket: "I was charged twice for order ORD-1", team: "billing" },
  { ticket: "My parcel ORD-2 never arrived", team: "shipping" },
  { ticket: "The app crashes when I log in", team: "technical" },
  { ticket: "Please refund order ORD-4, it came broken", team: "billing" },
  { ticket: "Where is my package? Tracking stopped at ORD-5", team: "shipping" },
  { ticket: "Password reset emails never come", team: "technical" },
];

export const INSTRUCTIONS = "Route the support ticket to a team.";
export const SCHEMA = { type: "object", additionalProperties: false, required: ["team"], properties: { team: { type: "string" } } };

export const scratchDir = (label: string) => mkdtempSync(join(tmpdir(), `evalgate-shadow-${label}-`));

/** The suite: its cases are the tickets; `cand` is the candidate target at `candidateUrl`. */
export function writeShadowSuite(dir: string, candidateUrl: string, options: { candidate?: string; sim?: string; extra?: string } = {}): string {
  const cases = TICKETS.map((t, i) => `  - { id: c${i}, vars: { ticket: ${JSON.stringify(t.ticket)}, team: ${t.team} } }`);
  const text = [
    "name: shadow-triage",
    "prompts:",
    "  - id: p",
    `    instructions: ${JSON.stringify(INSTRUCTIONS)}`,
    '    input: "{{ticket}}"',
    `    output: { name: route, schema: ${JSON.stringify(SCHEMA)}, strict: true }`,
    "targets:",
    '  - { id: prod, api: chat, model: gpt-4.1-mini, base_url: "http://127.0.0.1:1/v1" }',
    `  - { id: cand, api: responses, model: gpt-4.1, base_url: "${candidateUrl}", api_key_env: SHADOW_CANDIDATE_KEY, params: { max_output_tokens: 64 }${options.candidate ? `, ${options.candidate}` : ""} }`,
    "cases:",
    ...cases,
    `sim: ${options.sim ?? "{ seed: 7, answer: { team: \"{{team}}\" }, models: { gpt-4.1-mini: { accuracy: 0.9 }, gpt-4.1: { accuracy: 0.95 } } }"}`,
    options.extra ?? "",
  ].join("\n");
  const file = join(dir, `suite-${Math.random().toString(36).slice(2, 8)}.yaml`);
  writeFileSync(file, `${text}\n`);
  return file;
}

/** A simulator answering the suite's cases, in this process. */
export async function startSuiteSim(suiteFile: string): Promise<RunningSimulator> {
  const suite = await loadSuite(suiteFile);
  return startSimulator(suite.sim, buildAnswerIndex(suite), { port: 0 });
}

/** The i-th request an application sends: Chat or Responses, streamed or not, for a ticket. */
export function appRequest(i: number): { path: string; body: Record<string, unknown> } {
  const t = TICKETS[i % TICKETS.length]!;
  const stream = Math.floor(i / 2) % 2 === 1;
  if (i % 2 === 0) {
    return {
      path: "/chat/completions",
      body: {
        model: "gpt-4.1-mini",
        messages: [{ role: "system", content: INSTRUCTIONS }, { role: "user", content: t.ticket }],
        response_format: { type: "json_schema", json_schema: { name: "route", schema: SCHEMA, strict: true } },
        ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
      },
    };
  }
  return {
    path: "/responses",
    body: { model: "gpt-4.1-mini", instructions: INSTRUCTIONS, input: t.ticket, store: false, text: { format: { type: "json_schema", name: "route", schema: SCHEMA, strict: true } }, ...(stream ? { stream: true } : {}) },
  };
}

/** Sends a request as a client would (the caller's own key), reading the whole reply. */
export async function send(baseUrl: string, path: string, body: unknown, key = "sk-app-key-not-a-real-one"): Promise<{ status: number; text: string; contentType: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, text, contentType: res.headers.get("content-type") ?? "", ms: performance.now() - started };
}

/** A reply with the simulator's clock fields blanked: what two simulators fed the same requests agree on. */
export function withoutClock(text: string): string {
  return text.replace(/"(created|created_at|completed_at)":\d+/g, '"$1":0');
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
