import { describe, expect, it } from "vitest";
import { SseParser, type SseMessage } from "./sse.js";

function parse(pieces: string[], end = true): SseMessage[] {
  const out: SseMessage[] = [];
  const parser = new SseParser((m) => out.push(m));
  for (const p of pieces) parser.push(p);
  if (end) parser.end();
  return out;
}

describe("the lean transport's SSE parser", () => {
  it("reads messages split anywhere, even inside a \\r\\n, one message per blank line", () => {
    const body = 'event: response.created\r\ndata: {"a":1}\r\n\r\ndata: {"b":2}\n\ndata: [DONE]\n\n';
    const whole = parse([body]);
    expect(whole).toEqual([{ event: "response.created", data: '{"a":1}' }, { event: null, data: '{"b":2}' }, { event: null, data: "[DONE]" }]);
    // Every split point gives the same messages, including one between \r and \n.
    for (let i = 1; i < body.length; i++) expect(parse([body.slice(0, i), body.slice(i)])).toEqual(whole);
  });

  it("reads line ends of every kind in any order, \n lines before \r ones and back, split anywhere", () => {
    const body = 'data: 1\n\ndata: 2\n\ndata: 3\r\n\r\ndata: 4\r\rdata: 5\n\n';
    const whole = parse([body]);
    expect(whole.map((m) => m.data)).toEqual(["1", "2", "3", "4", "5"]);
    for (let i = 1; i < body.length; i++) for (let j = i + 1; j < body.length; j += 3) expect(parse([body.slice(0, i), body.slice(i, j), body.slice(j)])).toEqual(whole);
  });

  it("joins data lines with \\n, drops one leading space, skips comments and messages with neither data nor event", () => {
    expect(parse([": keep-alive\n\ndata:x\ndata:  y\nid: 7\n\n\n"])).toEqual([{ event: null, data: "x\n y" }]);
  });

  it("lone \\r ends a line, as in the SDK's decoder", () => {
    expect(parse(["data: a\r\rdata: b\r\r"])).toEqual([{ event: null, data: "a" }, { event: null, data: "b" }]);
  });

  it("a last message without its blank line still counts at the end of the body, and not before", () => {
    expect(parse(['data: {"c":3}'], false)).toEqual([]);
    expect(parse(['data: {"c":3}'])).toEqual([{ event: null, data: '{"c":3}' }]);
  });
});
