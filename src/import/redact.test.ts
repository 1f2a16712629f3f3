import { describe, expect, it } from "vitest";
import { createRedactor, luhnValid } from "./redact.js";

describe("import's masking", () => {
  it("checks card numbers with Luhn: a valid number is masked, the same digits one off are not", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    const r = createRedactor();
    expect(r.text("card 4111 1111 1111 1111, not 4111 1111 1111 1112")).toBe("card [REDACTED:card], not 4111 1111 1111 1112");
    expect(r.counts().card).toBe(1);
  });

  it("masks emails, phone numbers and API keys, counting each kind, and leaves order ids and dates alone", () => {
    const r = createRedactor();
    const text = "mail jo@x.io or call +1 415 555 0100; key sk-proj-abcdefghijklmnop1234; order ORD-12345 on 2026-01-15";
    expect(r.text(text)).toBe("mail [REDACTED:email] or call [REDACTED:phone]; key [REDACTED:api_key]; order ORD-12345 on 2026-01-15");
    expect(r.counts()).toEqual({ api_key: 1, email: 1, card: 0, phone: 1, pattern: 0 });
  });

  it("applies the user's patterns after the built-in kinds, to every string of a value, keys included", () => {
    const r = createRedactor(["ACME-\\d+"]);
    expect(r.value({ "ACME-1": ["ACME-22 and jo@x.io"] })).toEqual({ "[redacted]": ["[redacted] and [REDACTED:email]"] });
    expect(r.counts().pattern).toBe(2);
  });

  it("refuses a pattern that can backtrack catastrophically", () => {
    expect(() => createRedactor(["(a+)+$"])).toThrow(/backtrack catastrophically/);
  });
});
