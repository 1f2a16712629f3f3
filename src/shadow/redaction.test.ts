import { describe, expect, it } from "vitest";
import type { Attempt } from "../core/index.js";
import { createShadowRedactor } from "./redaction.js";

/** The kinds themselves are import's, tested in src/import/redact.test.ts; here, what a shadow pair is masked with. */
describe("what a shadow pair is masked with before it is written", () => {
  const redactor = createShadowRedactor(["ORD-\\d+"]);

  it("masks as import masks logged traffic: its built-in kinds, then the suite's patterns", () => {
    const text = "Mail jane.doe+x@example.co.uk or call +1 415 555 0100; card 4111 1111 1111 1111, key sk-proj-abcdefghijklmnop1234, order ORD-42.";
    expect(redactor.value({ input: text })).toEqual({ input: "Mail [REDACTED:email] or call [REDACTED:phone]; card [REDACTED:card], key [REDACTED:api_key], order [redacted]." });
    expect(redactor.text("card 4111 1111 1111 1112 fails its checksum")).toBe("card 4111 1111 1111 1112 fails its checksum");
  });

  it("masks an attempt's output, error message and score reasons, and leaves its numbers and verdict alone", () => {
    const attempt = {
      caseId: "req-00000001", status: "ok", score: 1, pass: true,
      output: { text: "write to jo@x.io", usage: { input: 12, output: 4 } },
      error: { kind: "server_error", message: "key sk-proj-abcdefghijklmnop1234 refused", status: 500 },
      scores: [{ grader: "agreement", reason: "JSON differs: expected jo@x.io", value: 1, pass: true }],
    } as unknown as Attempt;
    expect(redactor.attempt(attempt)).toEqual({
      ...attempt,
      output: { text: "write to [REDACTED:email]", usage: { input: 12, output: 4 } },
      error: { kind: "server_error", message: "key [REDACTED:api_key] refused", status: 500 },
      scores: [{ grader: "agreement", reason: "JSON differs: expected [REDACTED:email]", value: 1, pass: true }],
    });
  });
});
