import { describe, expect, it } from "vitest";
import { catastrophicReason, cheapOnThisText, execRegex, regexShape } from "./regex-sandbox.js";

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

describe("regexShape", () => {
  const reason = (p: string) => catastrophicReason(regexShape(p));

  it("flags nested unbounded quantifiers, quantified alternations and backreferences", () => {
    expect(reason("(a+)+$")).toBe("it nests one unbounded quantifier in another, as (a+)+ does");
    expect(reason("^(\\w*,?)*x")).toBe("it nests one unbounded quantifier in another, as (a+)+ does");
    expect(reason("((ab)*c){2,}")).toBe("it nests one unbounded quantifier in another, as (a+)+ does");
    expect(reason("(?:x(y+))*")).toBe("it nests one unbounded quantifier in another, as (a+)+ does");
    expect(reason("(a|ab)*c")).toBe("it repeats an alternation with an unbounded quantifier, as (a|ab)* does");
    expect(reason("(\\w)\\1")).toBe("it uses a backreference");
    expect(reason("(?<q>')x\\k<q>")).toBe("it uses a backreference");
  });

  it("passes patterns whose quantifiers do not nest, escapes, classes and bounded repeats included", () => {
    for (const p of ["\\b[\\w.+-]+@[\\w-]+\\.[\\w.]+\\b", "(ab)+", "\\(a+\\)+", "[(a+)]+", "(a+)?b", "sk-[A-Za-z0-9]{20,}", "(a{2})+", "(?:a|b)c", "(\\d{1,3}\\.){3}"]) {
      expect(reason(p), p).toBeNull();
    }
  });

  it("counts unbounded quantifiers: the degree of a safe pattern's work", () => {
    expect(regexShape("ORD-(\\d+)").unbounded).toBe(1);
    expect(regexShape("\\s*x\\s*$").unbounded).toBe(2);
    expect(regexShape("a{2,5}b?").unbounded).toBe(0);
    expect(regexShape("a{2,50}").unbounded).toBe(1);
  });
});

describe("where a match runs", () => {
  it("runs a safe pattern on a short text here, and a long text or a risky shape in the worker", () => {
    expect(cheapOnThisText("ORD-(\\d+)", 60)).toBe(true);
    expect(cheapOnThisText("ORD-(\\d+)", 999)).toBe(true);
    expect(cheapOnThisText("ORD-(\\d+)", 1000)).toBe(false);
    expect(cheapOnThisText("\\s*x\\s*$", 60)).toBe(true);
    expect(cheapOnThisText("\\s*x\\s*$", 100)).toBe(false);
    expect(cheapOnThisText("(a+)+$", 5)).toBe(false);
  });

  it("bounds a polynomial pattern on a long text by the deadline too", () => {
    const r = execRegex("\\s*\\s*\\s*x", "", " ".repeat(50_000), 200);
    expect(r).toEqual({ ok: false, timedOut: true });
  });

  it("gives the same answers on both paths", () => {
    const long = `${"-".repeat(2000)} ORD-42`;
    expect(cheapOnThisText("ORD-(\\d+)", long.length)).toBe(false);
    expect(execRegex("ORD-(\\d+)", "", long)).toEqual({ ok: true, match: { text: "ORD-42", index: 2001 } });
    expect(execRegex("ORD-(\\d+)", "", "x ORD-42")).toEqual({ ok: true, match: { text: "ORD-42", index: 2 } });
    expect(execRegex("(unclosed", "", "x")).toMatchObject({ ok: false, timedOut: false });
    expect(execRegex("(unclosed", "", "x".repeat(5000))).toMatchObject({ ok: false, timedOut: false });
  });
});
