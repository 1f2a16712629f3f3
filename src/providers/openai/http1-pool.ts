import { channel } from "node:diagnostics_channel";
import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { ResponseReader, type ResponseHead, type ResponseSink } from "./http1-response.js";

/**
 * The lean transport's connections to one origin (docs/design/providers.md, "The lean
 * transport"): keep-alive HTTP/1.1 over TCP, or TLS for https, one request at a time on
 * each, the most recently freed reused first, as node's agents do. A request is written in
 * one write; its response is read by a ResponseReader and handed to the request's handlers,
 * with none of node:http's per-request streams, listeners and agent bookkeeping in between.
 */

/** What hears one request's response: its head, body bytes and end, or the error that stopped it. */
export interface ExchangeHandlers extends ResponseSink {
  onError(error: Error): void;
}

/** Where a pool connects: a URL's host (no brackets) and port, over TLS for https. */
export interface Origin {
  secure: boolean;
  host: string;
  port: number;
}

/**
 * Published with `{ status, headers }` as each reply's head arrives, as node:http publishes
 * `http.client.response.finish` and undici `undici:request:headers`: for tools that watch a
 * run's traffic (the tests' load injector among them).
 */
export const RESPONSE_CHANNEL = "evalgate:http1:response";
const responses = channel(RESPONSE_CHANNEL);

/**
 * A server's `Keep-Alive: timeout=N` is kept to N less this, as node's agents do, so a request
 * is not written on a connection the server is closing.
 */
const KEEP_ALIVE_MARGIN_MS = 1000;

export class Http1Pool {
  private readonly idle: Connection[] = [];

  constructor(private readonly origin: Origin) {}

  /**
   * Writes `head` (latin1: a request line and header lines, each ending in CRLF), the body's
   * Content-Length and `body` (UTF-8) on an idle connection or a new one. Returns what aborts
   * this request: its connection is destroyed and its handlers hear the error.
   */
  request(head: string, body: string, handlers: ExchangeHandlers): (error: Error) => void {
    const now = Date.now();
    let conn: Connection | undefined;
    while ((conn = this.idle.pop()) !== undefined && !conn.usable(now)) conn.destroy();
    const used = conn ?? new Connection(this.connect(), this);
    used.start(head, body, handlers);
    return (error) => used.abort(handlers, error);
  }

  /** Closes the idle connections (one in use closes when its response ends). */
  close(): void {
    for (const conn of this.idle.splice(0)) conn.destroy();
  }

  /** Connections kept open for the next request. */
  get idleCount(): number {
    return this.idle.length;
  }

  release(conn: Connection): void {
    this.idle.push(conn);
  }

  forget(conn: Connection): void {
    const i = this.idle.indexOf(conn);
    if (i !== -1) this.idle.splice(i, 1);
  }

  private connect(): Socket {
    const { secure, host, port } = this.origin;
    if (!secure) return netConnect({ host, port });
    return tlsConnect({ host, port, servername: isIP(host) === 0 ? host : undefined, ALPNProtocols: ["http/1.1"] });
  }
}

/** The request a connection is answering: its reply's reader and who hears it. */
interface Exchange {
  reader: ResponseReader;
  handlers: ExchangeHandlers;
}

class Connection implements ResponseSink {
  private exchange: Exchange | null = null;
  private idleSince = 0;
  private keepAliveMs = Number.POSITIVE_INFINITY;
  private error: Error | null = null;

  constructor(private readonly socket: Socket, private readonly pool: Http1Pool) {
    socket.setNoDelay(true);
    socket.on("data", (bytes: Buffer) => this.onData(bytes));
    socket.on("error", (error) => {
      this.error ??= error;
    });
    socket.on("close", () => this.onClose());
  }

  /** Open both ways (a server's FIN may not have closed it yet), and within the server's keep-alive. */
  usable(now: number): boolean {
    const { socket } = this;
    return !socket.destroyed && !socket.readableEnded && !socket.writableEnded && now - this.idleSince < this.keepAliveMs - KEEP_ALIVE_MARGIN_MS;
  }

  start(head: string, body: string, handlers: ExchangeHandlers): void {
    this.exchange = { reader: new ResponseReader(this), handlers };
    this.socket.ref();
    const bodyBytes = Buffer.byteLength(body);
    const fullHead = `${head}content-length: ${bodyBytes}\r\n\r\n`;
    const bytes = Buffer.allocUnsafe(fullHead.length + bodyBytes);
    bytes.write(fullHead, 0, fullHead.length, "latin1");
    bytes.write(body, fullHead.length, "utf8");
    this.socket.write(bytes);
  }

  /** Aborts the request `handlers` sent, if it is still this connection's. */
  abort(handlers: ExchangeHandlers, error: Error): void {
    if (this.exchange?.handlers === handlers) this.fail(error);
  }

  destroy(): void {
    this.socket.destroy();
  }

  onHead(head: ResponseHead): void {
    const hint = /(?:^|[\s,])timeout=(\d+)/.exec(head.headers["keep-alive"] ?? "");
    if (hint) this.keepAliveMs = Number(hint[1]) * 1000;
    if (responses.hasSubscribers) responses.publish(head);
    this.exchange?.handlers.onHead(head);
  }

  onBody(bytes: Buffer): void {
    this.exchange?.handlers.onBody(bytes);
  }

  onEnd(): void {
    const exchange = this.exchange;
    this.exchange = null;
    if (exchange?.reader.reusable && !this.socket.destroyed) {
      this.idleSince = Date.now();
      this.socket.unref();
      this.pool.release(this);
    } else {
      this.socket.destroy();
    }
    exchange?.handlers.onEnd();
  }

  private onData(bytes: Buffer): void {
    // Bytes on an idle connection answer no request of ours: it cannot be trusted again.
    if (this.exchange === null) return this.fail(new Error("the server sent bytes on an idle connection"));
    try {
      this.exchange.reader.push(bytes);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private onClose(): void {
    this.pool.forget(this);
    if (this.exchange === null) return;
    if (this.error) return this.fail(this.error);
    try {
      this.exchange.reader.close();
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private fail(error: Error): void {
    const exchange = this.exchange;
    this.exchange = null;
    this.socket.destroy();
    exchange?.handlers.onError(error);
  }
}
