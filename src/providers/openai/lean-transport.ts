import { StringDecoder } from "node:string_decoder";
import { APIConnectionError, APIError, APIUserAbortError } from "openai";
import { ATTEMPT_HEADER, MODELLED_LATENCY_HEADER, noteJsonText } from "../../core/index.js";
import { Http1Pool, type ExchangeHandlers } from "./http1-pool.js";
import type { ResponseHead } from "./http1-response.js";
import { createSdkClient } from "./sdk-transport.js";
import { SseParser, type SseMessage } from "./sse.js";
import { createPath, type ClientSettings, type Transport, type TransportCall, type TransportReply, type TryDeadline } from "./transport.js";

/**
 * The lean path (docs/design/providers.md, "The lean transport"): the request the SDK
 * builds — its URL, headers and JSON body, taken from the SDK client itself — written as
 * HTTP/1.1 on a keep-alive connection of its own pool (http1-pool.ts), the reply read as
 * text and its server-sent events parsed as they arrive, with no web streams or node:http
 * streams in between. Failures are thrown as the SDK's own error classes, built the way the
 * SDK builds them, so they classify alike.
 */
export function createLeanTransport(settings: ClientSettings): Transport {
  const client = createSdkClient(settings);
  const base = new URL(settings.baseURL);
  const secure = base.protocol === "https:";
  const pool = new Http1Pool({ secure, host: base.hostname.replace(/^\[|\]$/g, ""), port: Number(base.port) || (secure ? 443 : 80) });
  const paths = { chat: requestPath(client.buildURL(createPath("chat"), null)), responses: requestPath(client.buildURL(createPath("responses"), null)) };
  let heads: Promise<{ chat: string; responses: string }> | undefined;

  /** Each API's request line and the SDK's headers for a create request (auth, user agent, platform, organization), built once. */
  function requestHeads(): Promise<{ chat: string; responses: string }> {
    heads ??= client.buildRequest({ method: "post", path: createPath("chat"), body: {}, maxRetries: 0 }).then(({ req }) => {
      let lines = `host: ${base.host}\r\nconnection: keep-alive\r\n`;
      new Headers(req.headers as ConstructorParameters<typeof Headers>[0]).forEach((value, name) => {
        if (name !== "content-length" && name !== "host" && name !== "connection") lines += `${name}: ${headerValue(name, value)}\r\n`;
      });
      return { chat: `POST ${paths.chat} HTTP/1.1\r\n${lines}`, responses: `POST ${paths.responses} HTTP/1.1\r\n${lines}` };
    });
    return heads;
  }

  async function sendCall(call: TransportCall): Promise<TransportReply> {
    const head = (await requestHeads())[call.api];
    const payload = JSON.stringify(call.body);
    // The body is sent as this text and not changed after: the store writes it as the raw request.
    noteJsonText(call.body, payload);
    const { deadline } = call;
    if (deadline.aborted) throw new APIUserAbortError();
    const request = `${head}${ATTEMPT_HEADER}: ${headerValue(ATTEMPT_HEADER, call.attempt)}\r\n`;
    return new Promise<TransportReply>((resolve, reject) => {
      const reply = new ReplyReader(call, resolve, reject);
      const abort = pool.request(request, payload, reply);
      // The try's deadline or the run's cancel destroys the request's connection.
      const stopListening = deadline.onAbort(() => abort(abortError()));
      reply.settled = () => {
        stopListening();
        // What the reply's own reading threw (an error event, a malformed event) ends its connection too.
        abort(STOPPED);
      };
    });
  }

  return { client, send: sendCall };
}

/** One reply read as it arrives: the reply, or what the SDK would have thrown, out. */
class ReplyReader implements ExchangeHandlers {
  settled: () => void = () => {};
  private done = false;
  private status = 0;
  private headers: Record<string, string> = {};
  private readonly decoder = new StringDecoder("utf8");
  private text = "";
  private events: SseParser | null = null;
  private sawDone = false;

  constructor(
    private readonly call: TransportCall,
    private readonly resolve: (reply: TransportReply) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  onHead(head: ResponseHead): void {
    this.status = head.status;
    this.headers = head.headers;
    if (head.status < 200 || head.status >= 300) return;
    const streamed = (this.call.body as { stream?: boolean | null }).stream === true;
    this.guard(() => {
      this.call.onHeaders({ requestId: head.headers["x-request-id"] ?? null, modelledLatency: head.headers[MODELLED_LATENCY_HEADER] ?? null, streamed });
      if (streamed) this.events = new SseParser((message) => this.onMessage(message));
    });
  }

  onBody(bytes: Buffer): void {
    if (this.done) return;
    const text = this.decoder.write(bytes);
    if (this.events) this.guard(() => this.events!.push(text));
    else this.text += text;
  }

  onEnd(): void {
    if (this.done) return;
    const rest = this.decoder.end();
    this.guard(() => {
      if (this.events) {
        if (rest) this.events.push(rest);
        this.events.end();
        return this.finish({ streamed: true, sawDone: this.sawDone });
      }
      const text = this.text + rest;
      if (this.status < 200 || this.status >= 300) {
        const json = safeJson(text);
        throw APIError.generate(this.status, json, json === undefined ? text : undefined, toHeaders(this.headers));
      }
      if (!isJson(this.headers)) return this.finish({ streamed: false, data: text });
      const data = JSON.parse(text) as unknown;
      this.finish({ streamed: false, data: data !== null && typeof data === "object" ? noteJsonText(data, text) : data });
    });
  }

  onError(error: Error): void {
    if (this.done) return;
    this.fail(asSdkError(error, this.call.deadline));
  }

  /** Each `data:` message handed on; `[DONE]` noted; an error message thrown as the SDK throws it. */
  private onMessage(message: SseMessage): void {
    if (this.sawDone) return;
    if (message.data.startsWith("[DONE]")) {
      this.sawDone = true;
      return;
    }
    const data = JSON.parse(message.data) as { error?: unknown } | null;
    if (data && data.error) throw new APIError(undefined, data.error as object, undefined, toHeaders(this.headers));
    this.call.onEvent(data, message.data);
  }

  /** Runs a step of reading; what it throws rejects the reply as it is. */
  private guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      this.fail(error);
    }
  }

  private finish(reply: TransportReply): void {
    this.done = true;
    this.settled();
    this.resolve(reply);
  }

  private fail(error: unknown): void {
    this.done = true;
    this.settled();
    this.reject(error);
  }
}

/** A URL's path and query, the request target of its POSTs. */
function requestPath(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

/** A header value as node:http would send it, or the error node:http would throw: no control characters, nothing past latin1. */
function headerValue(name: string, value: string): string {
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw Object.assign(new TypeError(`Invalid character in header content ["${name}"]`), { code: "ERR_INVALID_CHAR" });
  }
  return value;
}

function abortError(): Error {
  return Object.assign(new Error("the request was aborted"), { name: "AbortError" });
}

/** Ends a connection whose reply was already settled by what reading it threw. */
const STOPPED = new Error("the reply was settled");

/** A socket error, a broken response or our abort, as the SDK reports them. */
function asSdkError(error: Error, deadline: TryDeadline): Error {
  if (deadline.aborted || error.name === "AbortError") return new APIUserAbortError();
  return new APIConnectionError({ cause: error });
}

function toHeaders(headers: Record<string, string>): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) out.append(name, value);
  return out;
}

function isJson(headers: Record<string, string>): boolean {
  const media = (headers["content-type"] ?? "").split(";")[0]!.trim();
  return media.includes("application/json") || media.endsWith("+json");
}

function safeJson(text: string): object | undefined {
  try {
    return JSON.parse(text) as object;
  } catch {
    return undefined;
  }
}
