import { describe, expect, it } from "vitest";
import { execRegex, nestedQuantifier } from "./regex-sandbox.js";

describe("execRegex", () => {
  it("matches with JavaScript semantics: index, flags, unicode and lookbehind", () => {
    expect(execRegex("b(c)", "", "abc")).toEqual({ ok: true, match: { text: "bc", index: 1 } });
    expect(execRegex("TEAM", "i", "the team")).toEqual({ ok: true, match: { text: "team", index: 4 } });
    expect(execRegex("\\p{L}+", "u", "12 héllo")).toEqual({ ok: true, match: { text: "héllo", index: 3 } });
    expect(execRegex("(?<=\\$)\\d+", "", "cost $42")).toEqual({ ok: true, match: { text: "42", index: 6 } });
    expect(execRegex("x", "", "abc")).toEqual({ ok: true, match: null });
  });

  it("reports a pattern that does not compile", () => {
    const r = execRegex("(unclosed", "", "abc");
    expect(r.ok).toBe(false);
    expect(r.ok === false && !r.timedOut && r.error).toMatch(/Unterminated group/);
  });

  it("stops a catastrophic match at its deadline, and the next match runs in a fresh worker", () => {
    const r = execRegex("(a+)+$", "", `${"a".repeat(40)}b`, 200);
    expect(r).toEqual({ ok: false, timedOut: true });
    expect(execRegex("a+b", "", `${"a".repeat(40)}b`)).toEqual({ ok: true, match: { text: `${"a".repeat(40)}b`, index: 0 } });
  });
});

describe("nestedQuantifier", () => {
  it("flags an unbounded quantifier on a group that holds one", () => {
    expect(nestedQuantifier("(a+)+$")).toBe("(a+)+ nests one unbounded quantifier in another");
    expect(nestedQuantifier("^(\\w*,?)*x")).toBe("(\\w*,?)* nests one unbounded quantifier in another");
    expect(nestedQuantifier("((ab)*c){2,}")).toBe("((ab)*c){2,} nests one unbounded quantifier in another");
    expect(nestedQuantifier("(?:x(y+))*")).not.toBeNull();
  });

  it("passes patterns whose quantifiers do not nest, escapes and classes included", () => {
    for (const p of ["\\b[\\w.+-]+@[\\w-]+\\.[\\w.]+\\b", "(ab)+", "(a|b)*c", "\\(a+\\)+", "[(a+)]+", "(a+)?b", "sk-[A-Za-z0-9]{20,}", "(a{2})+"]) {
      expect(nestedQuantifier(p)).toBeNull();
    }
  });
});
