import { describe, expect, it } from "vitest";
import { ProtocolError, ResponseReader, type ResponseHead } from "./http1-response.js";

interface Read {
  heads: ResponseHead[];
  /** The body's bytes as UTF-8 once all have come (a piece may end mid-character). */
  body: string;
  ended: number;
  reader: ResponseReader;
}

function reader(): Read {
  const read: Read = { heads: [], body: "", ended: 0, reader: undefined as unknown as ResponseReader };
  read.reader = new ResponseReader({
    onHead: (head) => read.heads.push(head),
    onBody: (bytes) => (read.body = Buffer.concat([Buffer.from(read.body, "latin1"), bytes]).toString("latin1")),
    onEnd: () => read.ended++,
  });
  return read;
}

/** Reads `wire` in pieces cut at `cuts`, then (if asked) the connection's close. */
function readIn(wire: string, cuts: number[], close = false): Read {
  const read = reader();
  const bytes = Buffer.from(wire, "utf8");
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > from) read.reader.push(bytes.subarray(from, cut));
    from = Math.max(from, cut);
  }
  if (close) read.reader.close();
  read.body = Buffer.from(read.body, "latin1").toString("utf8");
  return read;
}

/** The same wire read whole, byte by byte, and cut in two at every offset: each reading must agree. */
function everySplit(wire: string, close = false): Read {
  const whole = readIn(wire, [], close);
  const length = Buffer.byteLength(wire);
  const bytewise = readIn(wire, Array.from({ length }, (_, i) => i), close);
  expect({ heads: bytewise.heads, body: bytewise.body, ended: bytewise.ended }).toEqual({ heads: whole.heads, body: whole.body, ended: whole.ended });
  for (let cut = 1; cut < length; cut++) {
    const two = readIn(wire, [cut], close);
    expect({ heads: two.heads, body: two.body, ended: two.ended, reusable: two.reader.reusable }).toEqual({ heads: whole.heads, body: whole.body, ended: whole.ended, reusable: whole.reader.reusable });
  }
  return whole;
}

describe("an HTTP/1.1 response read as its bytes arrive", () => {
  it("frames a body by Content-Length, however the bytes are cut, and keeps the connection", () => {
    const body = '{"answer":"café ✓"}';
    const read = everySplit(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: req_1\r\n\r\n${body}`);
    expect(read.heads).toEqual([{ status: 200, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), "x-request-id": "req_1" } }]);
    expect(read.body).toBe(body);
    expect(read.ended).toBe(1);
    expect(read.reader.reusable).toBe(true);
  });

  it("decodes chunked bodies with extensions and trailers, however the bytes are cut", () => {
    const events = "data: {\"a\":1}\n\ndata: [DONE]\n\n";
    const wire = `HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5;name=value\r\n${events.slice(0, 5)}\r\n${Buffer.byteLength(events.slice(5)).toString(16)}\r\n${events.slice(5)}\r\n0\r\nx-trailer: yes\r\n\r\n`;
    const read = everySplit(wire);
    expect(read.body).toBe(events);
    expect(read.ended).toBe(1);
    expect(read.reader.reusable).toBe(true);
  });

  it("reads a body without a length until the connection closes, and does not reuse it", () => {
    const read = everySplit("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nuntil the end", true);
    expect(read.body).toBe("until the end");
    expect(read.ended).toBe(1);
    expect(read.reader.reusable).toBe(false);
  });

  it("skips 1xx responses, and ends 204 and 304 without a body", () => {
    const read = everySplit("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
    expect(read.heads.map((h) => h.status)).toEqual([204]);
    expect(read.ended).toBe(1);
    expect(read.reader.reusable).toBe(true);
    const notModified = everySplit("HTTP/1.1 304 Not Modified\r\ncontent-length: 10\r\n\r\n");
    expect(notModified.body).toBe("");
    expect(notModified.ended).toBe(1);
  });

  it("keeps a connection only as HTTP/1.1 or Connection: keep-alive allow", () => {
    const keep = (wire: string) => readIn(wire, []).reader.reusable;
    expect(keep("HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 0\r\n\r\n")).toBe(false);
    expect(keep("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, Close\r\ncontent-length: 0\r\n\r\n")).toBe(false);
    expect(keep("HTTP/1.0 200 OK\r\ncontent-length: 0\r\n\r\n")).toBe(false);
    expect(keep("HTTP/1.0 200 OK\r\nconnection: keep-alive\r\ncontent-length: 0\r\n\r\n")).toBe(true);
    // Both framings: Transfer-Encoding wins and the connection is not trusted after.
    const both = readIn("HTTP/1.1 200 OK\r\ncontent-length: 3\r\ntransfer-encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", []);
    expect(both.body).toBe("ok");
    expect(both.reader.reusable).toBe(false);
  });

  it("joins repeated headers, unfolds folded ones, and takes __proto__ as a header", () => {
    const read = readIn("HTTP/1.1 200 OK\r\nVary: a\r\nvary: b\r\nx-long: one\r\n  two\r\n__proto__: x\r\ncontent-length: 0\r\n\r\n", []);
    expect(read.heads[0]!.headers).toMatchObject({ vary: "a, b", "x-long": "one two", __proto__: "x" });
    expect(Object.getPrototypeOf(read.heads[0]!.headers)).toBe(null);
  });

  it("says when the connection closed before the reply ended, and whether a head had come", () => {
    expect(() => readIn("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort", [], true)).toThrow(new ProtocolError("the connection closed before the reply ended"));
    expect(() => readIn("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nab", [], true)).toThrow(/closed before the reply ended/);
    expect(() => readIn("HTTP/1.1 200 O", [], true)).toThrow(/socket hang up/);
  });

  it("rejects what breaks the framing, each with what it read", () => {
    const cases: Array<[string, RegExp]> = [
      ["HTTP/2 200\r\n\r\n", /status line reads "HTTP\/2 200"/],
      ["HTTP/1.1 abc OK\r\n\r\n", /status line/],
      ["HTTP/1.1 101 Switching Protocols\r\n\r\n", /switched protocols/],
      ["HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", /header line reads "no colon here"/],
      ["HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n", /header line/],
      ["HTTP/1.1 200 OK\r\n folded first\r\n\r\n", /folded line/],
      ["HTTP/1.1 200 OK\r\ncontent-length: 1, 2\r\n\r\n", /Content-Length reads "1, 2"/],
      ["HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n", /Content-Length/],
      ["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n", /chunk size line reads "zz"/],
      ["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nabc\r\n", /ran past its size/],
      ["HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokextra", /after its response ended/],
    ];
    for (const [wire, message] of cases) expect(() => readIn(wire, []), wire).toThrow(message);
  });

  it("bounds what it keeps: a head to 64 KiB, a chunk size line to 4 KiB", () => {
    const big = reader();
    expect(() => {
      big.reader.push(Buffer.from("HTTP/1.1 200 OK\r\n"));
      for (let i = 0; i < 70; i++) big.reader.push(Buffer.from(`x-filler-${i}: ${"a".repeat(1000)}\r\n`));
    }).toThrow(/head passed 65536 bytes/);
    expect(() => readIn(`HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1;${"e".repeat(5000)}`, [])).toThrow(/line passed 4096 bytes/);
  });
});
