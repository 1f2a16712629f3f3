import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { Http1Pool, RESPONSE_CHANNEL, type ExchangeHandlers } from "./http1-pool.js";
import type { ResponseHead } from "./http1-response.js";

/** A TCP server on loopback that answers each request it reads with what `answer` gives, and counts its connections. */
interface Wire {
  port: number;
  connections: number;
  requests: string[];
  server: Server;
  sockets: Socket[];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

async function wire(answer: (request: string, socket: Socket) => void): Promise<Wire> {
  const w: Wire = { port: 0, connections: 0, requests: [], server: undefined as unknown as Server, sockets: [] };
  w.server = createServer((socket) => {
    w.connections++;
    w.sockets.push(socket);
    let pending = Buffer.alloc(0);
    socket.on("error", () => {});
    socket.on("data", (bytes) => {
      pending = Buffer.concat([pending, bytes]);
      for (;;) {
        const end = pending.indexOf("\r\n\r\n");
        if (end === -1) return;
        const length = Number(/content-length: (\d+)/i.exec(pending.toString("latin1", 0, end))?.[1] ?? 0);
        if (pending.length < end + 4 + length) return;
        const request = pending.toString("utf8", 0, end + 4 + length);
        pending = pending.subarray(end + 4 + length);
        w.requests.push(request);
        answer(request, socket);
      }
    });
  });
  servers.push(w.server);
  await new Promise<void>((r) => w.server.listen(0, "127.0.0.1", r));
  w.port = (w.server.address() as AddressInfo).port;
  return w;
}

const OK = (body: string, extra = "") => `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;

interface Outcome {
  head: ResponseHead | null;
  body: string;
  error: Error | null;
}

/** Waits for `condition`, an event's outcome, checking every 5 ms; fails after 5 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= 5_000) throw new Error(`still waiting for ${what} after 5 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function send(pool: Http1Pool, body = "{}", path = "/v1/x"): { out: Outcome; done: Promise<Outcome>; abort: (error: Error) => void } {
  const out: Outcome = { head: null, body: "", error: null };
  let settle!: (o: Outcome) => void;
  const done = new Promise<Outcome>((r) => (settle = r));
  const handlers: ExchangeHandlers = {
    onHead: (head) => (out.head = head),
    onBody: (bytes) => (out.body += bytes.toString("utf8")),
    onEnd: () => settle(out),
    onError: (error) => settle({ ...out, error }),
  };
  // The pool adds the Content-Length and the blank line.
  const head = `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n`;
  return { out, done, abort: pool.request(head, body, handlers) };
}

describe("the lean transport's connections", () => {
  it("writes a request's head and UTF-8 body as one message, reuses one connection for requests in turn, and publishes each reply's head", async () => {
    const w = await wire((_, socket) => socket.write(OK("fine")));
    const pool = new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port });
    const body = '{"text":"café ✓"}';
    const published: unknown[] = [];
    const watch = (head: unknown) => published.push(head);
    subscribe(RESPONSE_CHANNEL, watch);
    for (let i = 0; i < 5; i++) {
      const { done } = send(pool, body);
      expect(await done).toMatchObject({ head: { status: 200 }, body: "fine", error: null });
    }
    unsubscribe(RESPONSE_CHANNEL, watch);
    expect(published).toHaveLength(5);
    expect(published[0]).toMatchObject({ status: 200, headers: { "content-length": "4" } });
    expect(w.connections).toBe(1);
    expect(w.requests[0]).toBe(`POST /v1/x HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    expect(pool.idleCount).toBe(1);
    pool.close();
  });

  it("opens a connection per request in flight, then reuses them", async () => {
    const held: Socket[] = [];
    const w = await wire((_, socket) => {
      held.push(socket);
      if (held.length === 3) for (const s of held.splice(0)) s.write(OK("late"));
    });
    const pool = new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port });
    const first = await Promise.all([send(pool).done, send(pool).done, send(pool).done]);
    expect(first.map((o) => o.body)).toEqual(["late", "late", "late"]);
    expect(pool.idleCount).toBe(3);
    await Promise.all([send(pool).done, send(pool).done, send(pool).done]);
    expect(w.connections).toBe(3);
    pool.close();
  });

  it("drops a connection the server closed while it was idle, and answers the next request on a new one", async () => {
    const w = await wire((_, socket) => socket.end(OK("bye")));
    const pool = new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port });
    expect((await send(pool).done).body).toBe("bye");
    await until(() => pool.idleCount === 0, "the closed connection to leave the pool");
    expect(await send(pool).done).toMatchObject({ body: "bye", error: null });
    expect(w.connections).toBe(2);
  });

  it("keeps a connection no longer than the server's Keep-Alive timeout less a second", async () => {
    const w = await wire((_, socket) => socket.write(OK("short", "keep-alive: timeout=1\r\n")));
    const pool = new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port });
    await send(pool).done;
    await send(pool).done;
    expect(w.connections).toBe(2);
    pool.close();
  });

  it("does not reuse a connection the reply said to close", async () => {
    const w = await wire((_, socket) => socket.write(OK("once", "connection: close\r\n")));
    const pool = new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port });
    await send(pool).done;
    expect(pool.idleCount).toBe(0);
    await send(pool).done;
    expect(w.connections).toBe(2);
  });

  it("aborts a request mid-reply: its handlers hear the error and its connection is closed, not reused", async () => {
    const w = await wire((_, socket) => socket.write("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n3\r\nabc\r\n"));
    const pool = new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port });
    const request = send(pool);
    await until(() => request.out.body === "abc", "the reply's first chunk");
    request.abort(new Error("stop"));
    const outcome = await request.done;
    expect(outcome.body).toBe("abc");
    expect(outcome.error?.message).toBe("stop");
    expect(pool.idleCount).toBe(0);
    await until(() => w.sockets[0]!.destroyed, "the server to see the connection closed");
  });

  it("an abort after the reply ended leaves the connection to the next request", async () => {
    const w = await wire((_, socket) => socket.write(OK("kept")));
    const pool = new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port });
    const first = send(pool);
    await first.done;
    const second = send(pool);
    first.abort(new Error("too late"));
    expect(await second.done).toMatchObject({ body: "kept", error: null });
    expect(w.connections).toBe(1);
    pool.close();
  });

  it("reports a refused connection and a reply cut short as errors", async () => {
    const w = await wire((_, socket) => socket.end("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nabc"));
    const pool = new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port });
    expect((await send(pool).done).error?.message).toBe("the connection closed before the reply ended");
    await new Promise<void>((r) => w.server.close(() => r()));
    servers.splice(servers.indexOf(w.server), 1);
    const refused = await send(new Http1Pool({ secure: false, host: "127.0.0.1", port: w.port })).done;
    expect((refused.error as NodeJS.ErrnoException | null)?.code).toBe("ECONNREFUSED");
  });

  it("leaves no idle connection holding a process open", async () => {
    const w = await wire((_, socket) => socket.write(OK("done")));
    // The built module (npm test builds first), in a process of its own that must end by itself.
    const pool = fileURLToPath(new URL("../../../dist/providers/openai/http1-pool.js", import.meta.url));
    const script = `
      const { Http1Pool } = await import(${JSON.stringify(pool)});
      const p = new Http1Pool({ secure: false, host: "127.0.0.1", port: ${w.port} });
      p.request("POST / HTTP/1.1\\r\\nhost: x\\r\\n", "", { onHead() {}, onBody() {}, onError(e) { throw e; }, onEnd() { console.log("ended, idle " + p.idleCount); } });`;
    // Not spawnSync: this process's server must answer the child. A child held open is killed at the timeout, and rejects.
    const child = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 10_000 });
    expect(child.stdout.trim()).toBe("ended, idle 1");
  });
});
