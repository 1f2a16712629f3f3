/**
 * A raw HTTP client for simulator tests: keeps every byte received, even from a stream
 * the server cuts or resets (fetch would throw the partial body away).
 */
import { Agent, request } from "node:http";
import type { AnswerIndex } from "../../src/core/index.js";

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The connection failed before the response ended normally. */
  aborted: boolean;
}

export function postJson(
  baseUrl: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  return send(baseUrl, path, "POST", payload, { "content-type": "application/json", authorization: "Bearer sk-test", ...headers });
}

export function getPath(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return send(baseUrl, path, "GET", null, { authorization: "Bearer sk-test", ...headers });
}

function send(baseUrl: string, path: string, method: string, payload: string | null, headers: Record<string, string>): Promise<RawResponse> {
  const url = new URL(baseUrl.replace(/\/$/, "") + path);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let done = false;
      const finish = (aborted: boolean) => {
        if (done) return;
        done = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8"), aborted });
      };
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => finish(!res.complete));
      res.on("error", () => finish(true));
      res.on("aborted", () => finish(true));
      res.on("close", () => finish(!res.complete));
    });
    req.on("error", reject);
    if (payload !== null) req.write(payload);
    req.end();
  });
}

export interface SseMessage {
  event: string | null;
  data: string;
}

/** Parses an SSE body into messages (complete ones only: a cut tail is dropped). */
export function parseSse(text: string): SseMessage[] {
  const out: SseMessage[] = [];
  const blocks = text.split("\n\n");
  blocks.pop();
  for (const block of blocks) {
    let event: string | null = null;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    out.push({ event, data: data.join("\n") });
  }
  return out;
}

/** The `x-evalgate-sim` header as a map: case, repeat, perturbation, fault, finish. */
export function simInfo(res: RawResponse): Record<string, string> {
  const raw = String(res.headers["x-evalgate-sim"] ?? "");
  return Object.fromEntries(raw.split(";").map((kv) => kv.trim().split("=") as [string, string]).filter((kv) => kv.length === 2));
}

export const TEAMS = ["billing", "shipping", "returns", "technical", "sales"] as const;

/** A routing suite's answer index: `n` cases of each answer shape (text, JSON map, tool call). */
export function routingIndex(n: number): AnswerIndex {
  const entries: AnswerIndex["entries"] = [];
  for (let i = 0; i < n; i++) {
    const team = TEAMS[i % TEAMS.length]!;
    const order = String(10_000 + i * 37);
    entries.push({ caseId: `text-${i}`, keys: [textKey(i)], answer: `Your order ${order} is handled by the ${team} team.` });
    entries.push({ caseId: `json-${i}`, keys: [jsonKey(i)], answer: { team, order_id: order, urgent: i % 3 === 0 } });
    entries.push({ caseId: `tool-${i}`, keys: [toolKey(i)], answer: { tool: "route_ticket", arguments: { team, order_id: order } } });
  }
  return { entries };
}

/** A case answered by two tool calls at once (parallel tool calls). */
export function parallelEntry(i: number): AnswerIndex["entries"][number] {
  const team = TEAMS[i % TEAMS.length]!;
  const order = String(10_000 + i * 37);
  return {
    caseId: `parallel-${i}`,
    keys: [parallelKey(i)],
    answer: { tool_calls: [{ tool: "route_ticket", arguments: { team, order_id: order } }, { tool: "notify_customer", arguments: { order_id: order, message: `Routed to ${team}.` } }] },
  };
}

export const parallelKey = (i: number) => `Ticket #${i}: route order ${10_000 + i * 37} and tell the customer.`;
export const textKey = (i: number) => `Customer message #${i}: where is my parcel? Please answer in one sentence.`;
export const jsonKey = (i: number) => `Ticket #${i}: I was charged twice for order ${10_000 + i * 37}. Classify it.`;
export const toolKey = (i: number) => `Ticket #${i}: route this ticket about order ${10_000 + i * 37} to the right team.`;

export const TICKET_SCHEMA = {
  type: "object",
  properties: {
    team: { type: "string", enum: [...TEAMS] },
    order_id: { type: "string" },
    urgent: { type: "boolean" },
  },
  required: ["team", "order_id", "urgent"],
  additionalProperties: false,
} as const;

export const NOTIFY_TOOL_PARAMS = {
  type: "object",
  properties: { order_id: { type: "string", pattern: "^[0-9]{5}$" }, message: { type: "string" } },
  required: ["order_id", "message"],
  additionalProperties: false,
} as const;

export const ROUTE_TOOL_PARAMS = {
  type: "object",
  properties: { team: { type: "string", enum: [...TEAMS] }, order_id: { type: "string" } },
  required: ["team", "order_id"],
  additionalProperties: false,
} as const;
