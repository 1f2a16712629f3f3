import type { Api } from "../core/index.js";
import type { ReplyCapture } from "./capture.js";

/** One request the proxy passed through, as the mirror sees it once its reply is complete. */
export interface Exchange {
  method: string;
  /** The request path without its query string. */
  path: string;
  /** The API of a create request (POST …/chat/completions or …/responses); null for any other route. */
  api: Api | null;
  /** The request body as the caller sent it (JSON routes), else null. */
  requestBody: Buffer | null;
  status: number;
  contentType: string;
  /** The reply's `content-encoding`, when compressed. */
  contentEncoding: string | null;
  /** The upstream's `x-request-id`. */
  requestId: string | null;
  /** The simulator's modelled latency header, when the upstream is evalgate's simulator. */
  modelledLatency: string | null;
  capture: ReplyCapture;
  /** When the request arrived (ISO). */
  receivedAt: string;
}

/** The API whose create route a path is (a gateway may put any prefix before it). */
export function apiOfPath(method: string, path: string): Api | null {
  if (method !== "POST") return null;
  if (path.endsWith("/chat/completions")) return "chat";
  if (path.endsWith("/responses")) return "responses";
  return null;
}
