import { describe, expect, it } from "vitest";
import type { Attempt } from "../core/index.js";
import { compileRedactions, redactAttempt, redactValue } from "./redact.js";

const EMAIL = "\\b[\\w.+-]+@[\\w-]+\\.[\\w.]+\\b";

describe("redact patterns", () => {
  it("mask every string of a nested value, keys included", () => {
    const patterns = compileRedactions([EMAIL]);
    const masked = redactValue({ messages: [{ content: "write to ann@example.com" }], "bob@example.org": 1, n: 3 }, patterns);
    expect(masked).toEqual({ messages: [{ content: "write to [redacted]" }], "[redacted]": 1, n: 3 });
  });

  it("leave an image's base64 data URL whole, however the patterns would match inside it", () => {
    // A pattern of four letters matches inside most base64 text; masking there would corrupt the image.
    const dataUrl = `data:image/png;base64,${Buffer.from("\x89PNG....IHDR ann@example.com and more bytes").toString("base64")}AAAA`;
    const masked = redactValue({ url: dataUrl, note: "AAAA from ann@example.com" }, compileRedactions([EMAIL, "AAAA"]));
    expect(masked).toEqual({ url: dataUrl, note: "[redacted] from [redacted]" });
  });

  it("mask an attempt's prompt, output, tool arguments, error and reasons, keeping its figures", () => {
    const patterns = compileRedactions([EMAIL, "ORD-\\d+"]);
    const attempt = {
      runId: "r", caseId: "c", arm: "p@t", repeat: 0, status: "ok", tries: 1, startedAt: "", finishedAt: "", replayed: false, simulated: true,
      cost: { usd: 0.01, inputUsd: 0.005, outputUsd: 0.005 }, score: 1, pass: true, error: null,
      scores: [{ grader: "equals", type: "equals", value: 1, pass: true, reason: "expected ORD-12, got ORD-12", weight: 1 }],
      output: {
        api: "chat", model: "m", text: "{\"email\":\"ann@example.com\"}", json: { email: "ann@example.com" }, refusal: null, finish: "stop", usage: null,
        toolCalls: [{ id: "t", name: "lookup", arguments: { order: "ORD-12" }, rawArguments: "{\"order\":\"ORD-12\"}" }],
        latency: { ttftMs: 1, totalMs: 2 }, requestId: null,
        raw: { request: { messages: [{ role: "user", content: "I am ann@example.com" }] }, response: { text: "ann@example.com" } },
      },
    } as Attempt;
    const stored = redactAttempt(attempt, patterns);
    const text = JSON.stringify(stored);
    expect(text).not.toContain("ann@example.com");
    expect(text).not.toContain("ORD-12");
    expect(stored.output?.json).toEqual({ email: "[redacted]" });
    expect(stored.scores[0]?.reason).toBe("expected [redacted], got [redacted]");
    expect(stored).toMatchObject({ score: 1, pass: true, cost: attempt.cost, caseId: "c" });
    expect(attempt.output?.text).toContain("ann@example.com");
  });

  it("reject an invalid pattern with a suite error", () => {
    expect(() => compileRedactions(["(unclosed"])).toThrow(/not a valid regular expression/);
  });
});
