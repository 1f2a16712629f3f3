import { describe, expect, it } from "vitest";
import { createShadowRedactor } from "./redaction.js";

describe("what a shadow pair is masked with before it is written", () => {
  const redactor = createShadowRedactor(["ORD-\\d+"]);

  it("masks emails, phone numbers, card numbers, API keys and the suite's patterns", () => {
    const text = "Mail jane.doe+x@example.co.uk or call +1 (555) 123-4567; card 4111 1111 1111 1111, key sk-proj-abcdefghijklmnop1234, Bearer abcdefgh12345678, order ORD-42.";
    expect(redactor.value(text)).toBe("Mail [redacted] or call [redacted]; card [redacted], key [redacted], [redacted], order [redacted].");
  });

  it("leaves ids, timestamps, dates and token counts alone", () => {
    const text = "chatcmpl-1700000000123 created 1796595554 on 2026-12-01 used 4096 tokens, version 1.2.3";
    expect(redactor.value(text)).toBe(text);
    expect(redactor.value({ created: 1796595554, id: "resp_ee41833bfb3fb503d89d9844" })).toEqual({ created: 1796595554, id: "resp_ee41833bfb3fb503d89d9844" });
  });
});
