import { describe, expect, it } from "vitest";
import { jsonDiff, tokenize, wordDiff } from "../../dashboard/src/diff.js";

describe("word diff", () => {
  it("tokenizes words, whitespace and punctuation so the tokens join back to the text", () => {
    const text = 'Route to {"team": "billing"} — ça va?';
    expect(tokenize(text).join("")).toBe(text);
    expect(tokenize('{"team":"billing"}')).toEqual(["{", '"', "team", '"', ":", '"', "billing", '"', "}"]);
  });

  it("marks only the changed words, keeping the shared ones", () => {
    expect(wordDiff("the team is billing today", "the team is sales today")).toEqual([
      { kind: "same", text: "the team is " },
      { kind: "removed", text: "billing" },
      { kind: "added", text: "sales" },
      { kind: "same", text: " today" },
    ]);
  });

  it("rebuilds both texts from its parts", () => {
    const a = "one two three four five six";
    const b = "zero one three four six seven";
    const parts = wordDiff(a, b);
    expect(parts.filter((p) => p.kind !== "added").map((p) => p.text).join("")).toBe(a);
    expect(parts.filter((p) => p.kind !== "removed").map((p) => p.text).join("")).toBe(b);
  });

  it("falls back to a whole replace past the size limit instead of a huge table", () => {
    const a = Array.from({ length: 3000 }, (_, i) => `a${i}`).join(" ");
    const b = Array.from({ length: 3000 }, (_, i) => `b${i}`).join(" ");
    expect(wordDiff(a, b)).toEqual([{ kind: "removed", text: a }, { kind: "added", text: b }]);
  });
});

describe("JSON diff", () => {
  it("lists changed, added and removed leaves by path", () => {
    expect(jsonDiff({ team: "billing", items: [1, 2], meta: { a: 1 } }, { team: "sales", items: [1, 2, 3], "odd key": true, meta: {} })).toEqual([
      { path: "$.items[2]", kind: "added", after: 3 },
      { path: "$.meta.a", kind: "removed", before: 1 },
      { path: '$["odd key"]', kind: "added", after: true },
      { path: "$.team", kind: "changed", before: "billing", after: "sales" },
    ]);
  });

  it("finds nothing between equal values and reports a type change at its path", () => {
    expect(jsonDiff({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
    expect(jsonDiff({ a: [1] }, { a: "1" })).toEqual([{ path: "$.a", kind: "changed", before: [1], after: "1" }]);
  });
});
