import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLeanTransport } from "./lean-transport.js";
import { tryDeadline, type TransportCall } from "./transport.js";

/** A loopback TCP server that keeps every request's bytes and answers each with one streamed chat reply. */
let server: Server;
let port = 0;
let connections = 0;
const sockets: Socket[] = [];
const received: string[] = [];
const REPLY = [
  "HTTP/1.1 200 OK",
  "content-type: text/event-stream",
  "x-request-id: req_lean",
  "transfer-encoding: chunked",
  "",
  "",
].join("\r\n");
const EVENTS = 'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hé"},"finish_reason":null}]}\n\ndata: [DONE]\n\n';

beforeAll(async () => {
  server = createServer((socket) => {
    connections++;
    sockets.push(socket);
    let text = "";
    socket.on("data", (bytes) => {
      text += bytes.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      const length = Number(/content-length: (\d+)/.exec(text)?.[1] ?? -1);
      if (end === -1 || text.length < end + 4 + length) return;
      received.push(Buffer.from(text, "latin1").toString("utf8"));
      text = "";
      const events = Buffer.from(EVENTS, "utf8");
      // The body in two chunks, the second starting inside "é": the reply is decoded across them.
      const cut = events.indexOf("é") + 1;
      socket.write(`${REPLY}${cut.toString(16)}\r\n`);
      socket.write(Buffer.concat([events.subarray(0, cut), Buffer.from(`\r\n${(events.length - cut).toString(16)}\r\n`), events.subarray(cut), Buffer.from("\r\n0\r\n\r\n")]));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  // The transport keeps its connection for the next call: the server ends it.
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

function call(attempt: string, content: string, events: unknown[]): TransportCall {
  return {
    api: "chat",
    body: { model: "gpt-4.1-mini", stream: true, messages: [{ role: "user", content }] },
    attempt,
    deadline: tryDeadline(5_000),
    onHeaders: () => {},
    onEvent: (event) => events.push(event),
  };
}

describe("the lean transport on its own connections", () => {
  it("writes the SDK's request as HTTP/1.1 and reads the streamed reply, on one connection for calls in turn", async () => {
    const transport = createLeanTransport({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "sk-lean-test", timeoutMs: 5_000 });
    const events: unknown[] = [];
    for (const attempt of ["a/0", "b/0"]) {
      const reply = await transport.send(call(attempt, "café", events));
      expect(reply).toEqual({ streamed: true, sawDone: true });
    }
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ choices: [{ delta: { content: "hé" } }] });
    expect(connections).toBe(1);
    const [head, body] = received[0]!.split("\r\n\r\n") as [string, string];
    const lines = head.split("\r\n");
    expect(lines[0]).toBe("POST /v1/chat/completions HTTP/1.1");
    expect(lines).toEqual(expect.arrayContaining([`host: 127.0.0.1:${port}`, "connection: keep-alive", "authorization: Bearer sk-lean-test", "x-evalgate-attempt: a/0", `content-length: ${Buffer.byteLength(body)}`]));
    expect(JSON.parse(body)).toMatchObject({ messages: [{ content: "café" }] });
  });

  it("refuses a header value that would end its line, before writing a byte", async () => {
    const before = { connections, received: received.length };
    const badKey = createLeanTransport({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "sk-a\r\nx-injected: 1", timeoutMs: 5_000 });
    await expect(badKey.send(call("a/0", "hi", []))).rejects.toThrow(TypeError);
    const transport = createLeanTransport({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "sk-lean-test", timeoutMs: 5_000 });
    await expect(transport.send(call("a/0\r\nx-injected: 1", "hi", []))).rejects.toMatchObject({ code: "ERR_INVALID_CHAR" });
    expect({ connections, received: received.length }).toEqual(before);
  });
});
