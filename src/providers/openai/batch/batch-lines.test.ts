import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../../core/index.js";
import { renderRequest } from "../render.js";
import { batchLine, lineText, splitAtLimits } from "./batch-lines.js";

const request = (i: number, text = "hi", api: "chat" | "responses" = "chat"): GenerateRequest => ({
  api, model: "gpt-4.1-mini", instructions: "Route the ticket.", messages: [{ role: "user", content: `${text} ${i}` }], params: { max_output_tokens: 32 }, attempt: `c${i}/0`, stream: true,
});
const items = (n: number, text?: string) => Array.from({ length: n }, (_, i) => ({ id: i, request: request(i, text) }));
const sizes = (files: Array<Array<{ id: number }>>) => files.map((f) => f.map((x) => x.id));

describe("batch input lines", () => {
  it("carry the live provider's body, not streamed, and the attempt tag as custom_id", () => {
    for (const api of ["chat", "responses"] as const) {
      const r = request(3, "hi", api);
      const line = batchLine(r);
      const live = renderRequest({ ...r, stream: false }).body as unknown as Record<string, unknown>;
      expect(line).toEqual({ custom_id: "c3/0", method: "POST", url: api === "chat" ? "/v1/chat/completions" : "/v1/responses", body: live });
      expect(live.stream).toBeUndefined();
      expect(JSON.stringify(renderRequest(r).body)).toContain('"stream":true');
    }
  });
});

describe("splitting into input files at the API's limits (small limits injected)", () => {
  it("cuts at the request count", () => {
    expect(sizes(splitAtLimits(items(7), { maxRequests: 3, maxBytes: 1e9 }))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(sizes(splitAtLimits(items(6), { maxRequests: 3, maxBytes: 1e9 }))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(splitAtLimits(items(0), { maxRequests: 3, maxBytes: 1e9 })).toEqual([]);
  });

  it("cuts at the byte size, a file filled exactly to the limit kept whole", () => {
    const all = items(5);
    const line = Buffer.byteLength(lineText(all[0]!.request)); // every line has the same length here
    expect(new Set(all.map((x) => Buffer.byteLength(lineText(x.request))))).toEqual(new Set([line]));
    expect(sizes(splitAtLimits(all, { maxRequests: 100, maxBytes: 2 * line }))).toEqual([[0, 1], [2, 3], [4]]);
    expect(sizes(splitAtLimits(all, { maxRequests: 100, maxBytes: 2 * line + 1 }))).toEqual([[0, 1], [2, 3], [4]]);
    expect(sizes(splitAtLimits(all, { maxRequests: 100, maxBytes: 3 * line - 1 }))).toEqual([[0, 1], [2, 3], [4]]);
    expect(sizes(splitAtLimits(all, { maxRequests: 2, maxBytes: 3 * line }))).toEqual([[0, 1], [2, 3], [4]]);
  });

  it("counts UTF-8 bytes, not characters", () => {
    const wide = items(2, "é".repeat(100));
    const line = Buffer.byteLength(lineText(wide[0]!.request));
    expect(line).toBeGreaterThan(lineText(wide[0]!.request).length);
    expect(sizes(splitAtLimits(wide, { maxRequests: 100, maxBytes: line + lineText(wide[1]!.request).length }))).toEqual([[0], [1]]);
  });

  it("refuses a line larger than a whole file, naming its attempt", () => {
    expect(() => splitAtLimits(items(2, "x".repeat(500)), { maxRequests: 100, maxBytes: 400 })).toThrow(/attempt c0\/0 is \d+ bytes as a batch line, more than a batch input file may hold \(400 bytes\)/);
  });
});
