import { expect, test } from "vitest";
import { REQUEST_DEFAULTS, transcriptParts, type SimRequest } from "./sim-request.js";
import { countTokens, encodeText, PrefixCache, TextMemo, truncateToTokens } from "./tokens.js";

test("countTokens uses o200k_base and treats special-token text as plain text", () => {
  expect(countTokens("hello world")).toBe(2);
  expect(countTokens("")).toBe(0);
  expect(countTokens("<|endoftext|>")).toBeGreaterThan(1);
});

test("truncateToTokens keeps exactly the first n tokens", () => {
  const text = "The quick brown fox jumps over the lazy dog again and again.";
  const cut = truncateToTokens(text, 4);
  expect(countTokens(cut)).toBe(4);
  expect(text.startsWith(cut)).toBe(true);
});

test("the prefix cache reports the longest shared prefix in 128-token steps from 1,024", () => {
  const cache = new PrefixCache();
  const base = encodeText("lorem ipsum dolor sit amet ".repeat(400));
  expect(cache.lookupAndStore("m", base.slice(0, 1500))).toBe(0);
  expect(cache.lookupAndStore("m", [...base.slice(0, 1300), 1, 2, 3])).toBe(1280);
  expect(cache.lookupAndStore("other-model", base.slice(0, 1500))).toBe(0);
  expect(cache.lookupAndStore("m", base.slice(0, 1000))).toBe(0);
});

test("a transcript's tokens are its parts' tokens end to end (parts are counted from memory)", () => {
  const texts = [
    "You are a triage assistant.", "Where is my order?  \n\n", "  leading spaces", "trailing newline\n", "ends with punctuation!\n\n",
    "<|endoftext|> as text", "x".repeat(900), "é€ 漢字 emoji 🙂\r\n", "{\"a\":1}\n", "", "\t\t", "word\n ",
  ];
  for (let i = 0; i < texts.length; i++) {
    const req = {
      api: "chat", model: "m", tools: [], toolChoice: "none", maxOutputTokens: null,
      reasoningEffort: null, ...REQUEST_DEFAULTS, stream: false, includeUsage: false,
      format: i % 2 ? { type: "json_schema", name: "s", schema: { type: "object", properties: { a: { type: "string" } } }, strict: true } : { type: "text" },
      turns: [
        { role: "system", text: texts[i]! },
        { role: "user", text: texts[(i + 1) % texts.length]! },
        { role: "assistant", text: texts[(i + 5) % texts.length]! },
        { role: "user", text: texts[(i + 7) % texts.length]! },
      ],
    } as SimRequest;
    const parts = transcriptParts(req);
    const whole = parts.join("");
    expect(parts.reduce((n, p) => n + countTokens(p), 0)).toBe(countTokens(whole));
    expect(parts.flatMap((p) => encodeText(p))).toEqual(encodeText(whole));
  }
});

test("a text memo keeps at most its characters, forgetting the oldest first", () => {
  let computed = 0;
  const memo = new TextMemo(10, (t) => (computed++, t.length));
  for (const t of ["aaaa", "bbbb", "aaaa", "cccc", "bbbb", "aaaa"]) memo.get(t);
  // aaaa, bbbb computed; aaaa remembered; cccc pushes out aaaa (the oldest); bbbb remembered; aaaa computed again.
  expect(computed).toBe(4);
  expect(memo.get("this text is longer than the memo")).toBe(33);
});
