import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { APIConnectionError, APIError, APIUserAbortError } from "openai";
import { ATTEMPT_HEADER, MODELLED_LATENCY_HEADER, noteJsonText } from "../../core/index.js";
import { createSdkClient } from "./sdk-transport.js";
import { SseParser, type SseMessage } from "./sse.js";
import { createPath, type ClientSettings, type Transport, type TransportCall, type TransportReply, type TryDeadline } from "./transport.js";

/**
 * The lean path (docs/design/providers.md, "The lean transport"): the request the SDK
 * builds — its URL, headers and JSON body, taken from the SDK client itself — sent with
 * node:http on a keep-alive agent, the reply read as text and its server-sent events
 * parsed as they arrive, with no web streams in between. Failures are thrown as the SDK's
 * own error classes, built the way the SDK builds them, so they classify alike.
 */
export function createLeanTransport(settings: ClientSettings): Transport {
  const client = createSdkClient(settings);
  const secure = new URL(settings.baseURL).protocol === "https:";
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  let headers: Promise<Record<string, string>> | undefined;
  const targets = { chat: requestTarget(client.buildURL(createPath("chat"), null)), responses: requestTarget(client.buildURL(createPath("responses"), null)) };

  /** The SDK's headers for a create request (auth, user agent, platform, organization), built once. */
  function sdkHeaders(): Promise<Record<string, string>> {
    headers ??= client.buildRequest({ method: "post", path: createPath("chat"), body: {}, maxRetries: 0 }).then(({ req }) => {
      const out: Record<string, string> = {};
      new Headers(req.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, name) => {
        if (name !== "content-length") out[name] = value;
      });
      return out;
    });
    return headers;
  }

  async function sendCall(call: TransportCall): Promise<TransportReply> {
    const base = await sdkHeaders();
    const payload = JSON.stringify(call.body);
    // The body is sent as this text and not changed after: the store writes it as the raw request.
    noteJsonText(call.body, payload);
    const { deadline } = call;
    if (deadline.aborted) throw new APIUserAbortError();
    return new Promise<TransportReply>((resolve, reject) => {
      const req = send({ ...targets[call.api], agent, headers: { ...base, [ATTEMPT_HEADER]: call.attempt, "content-length": Buffer.byteLength(payload) } });
      // The try's deadline or the run's cancel destroys the request, as node's `signal` option would, without its stream bookkeeping.
      const stopListening = deadline.onAbort(() => req.destroy(abortError()));
      req.once("close", stopListening);
      req.on("error", (error) => reject(asSdkError(error, deadline)));
      req.on("response", (res) => {
        res.on("error", (error) => reject(asSdkError(error.message === "aborted" ? CUT : error, deadline)));
        readReply(res, call).then(resolve, (error: unknown) => {
          res.destroy();
          reject(error);
        });
      });
      req.end(payload);
    });
  }

  return { client, send: sendCall };
}

/** A status line and headers in; the reply, or what the SDK would have thrown, out. */
async function readReply(res: IncomingMessage, call: TransportCall): Promise<TransportReply> {
  const status = res.statusCode ?? 0;
  const requestId = header(res.headers, "x-request-id");
  res.setEncoding("utf8");
  if (status < 200 || status >= 300) {
    const text = await readText(res);
    const json = safeJson(text);
    throw APIError.generate(status, json, json === undefined ? text : undefined, toHeaders(res.headers));
  }
  const streamed = (call.body as { stream?: boolean | null }).stream === true;
  call.onHeaders({ requestId, modelledLatency: header(res.headers, MODELLED_LATENCY_HEADER), streamed });
  if (!streamed) {
    const text = await readText(res);
    if (!isJson(res.headers)) return { streamed: false, data: text };
    const data = JSON.parse(text) as unknown;
    return { streamed: false, data: data !== null && typeof data === "object" ? noteJsonText(data, text) : data };
  }
  return readEvents(res, call);
}

/** Each `data:` message parsed and handed on as it arrives; `[DONE]` noted; an error message thrown as the SDK throws it. */
function readEvents(res: IncomingMessage, call: TransportCall): Promise<TransportReply> {
  return new Promise<TransportReply>((resolve, reject) => {
    let sawDone = false;
    let failed = false;
    const onMessage = (message: SseMessage) => {
      if (sawDone) return;
      if (message.data.startsWith("[DONE]")) {
        sawDone = true;
        return;
      }
      const data = JSON.parse(message.data) as { error?: unknown } | null;
      if (data && data.error) throw new APIError(undefined, data.error as object, undefined, toHeaders(res.headers));
      call.onEvent(data, message.data);
    };
    const parser = new SseParser(onMessage);
    const fail = (error: unknown) => {
      failed = true;
      reject(error);
    };
    res.on("data", (text: string) => {
      if (failed) return;
      try {
        parser.push(text);
      } catch (error) {
        fail(error);
      }
    });
    res.on("end", () => {
      if (failed) return;
      try {
        parser.end();
        resolve({ streamed: true, sawDone });
      } catch (error) {
        fail(error);
      }
    });
    res.on("close", () => {
      if (!res.complete && !failed) fail(new APIConnectionError({ cause: CUT }));
    });
  });
}

function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    res.on("data", (chunk: string) => (text += chunk));
    res.on("end", () => resolve(text));
    res.on("close", () => {
      if (!res.complete) reject(new APIConnectionError({ cause: CUT }));
    });
  });
}

/** node:http's options for POSTs to a URL, worked out once (not per request). */
function requestTarget(url: string): RequestOptions {
  const u = new URL(url);
  return { method: "POST", protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ""), port: u.port || undefined, path: `${u.pathname}${u.search}` };
}

function abortError(): Error {
  return Object.assign(new Error("the request was aborted"), { name: "AbortError" });
}

/** Node's word for a reply whose connection closed mid-way is "aborted"; ours says what happened. */
const CUT = new Error("the connection closed before the reply ended");

/** A socket error or our abort, as the SDK reports them. */
function asSdkError(error: Error, deadline: TryDeadline): Error {
  if (deadline.aborted || error.name === "AbortError") return new APIUserAbortError();
  return new APIConnectionError({ cause: error });
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  return typeof value === "string" ? value : (value?.[0] ?? null);
}

function toHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string") out.set(name, value);
    else if (Array.isArray(value)) for (const v of value) out.append(name, v);
  }
  return out;
}

function isJson(headers: IncomingHttpHeaders): boolean {
  const media = (header(headers, "content-type") ?? "").split(";")[0]!.trim();
  return media.includes("application/json") || media.endsWith("+json");
}

function safeJson(text: string): object | undefined {
  try {
    return JSON.parse(text) as object;
  } catch {
    return undefined;
  }
}
