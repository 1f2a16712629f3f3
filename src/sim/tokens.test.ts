import { expect, test } from "vitest";
import { REQUEST_DEFAULTS, transcriptParts, type SimRequest } from "./sim-request.js";
import { cachedPrefixTokens, countTokens, encodeText, TextMemo, truncateToTokens } from "./tokens.js";

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

test("cached tokens: the longest warm prefix, from 1,024 in 128-token steps, a pure function of (seed, model, prefix, repeat)", () => {
  const base = encodeText("lorem ipsum dolor sit amet ".repeat(400));
  const prompt = base.slice(0, 1500);
  // Every prefix warm: the longest cacheable one; none warm: nothing; under 1,024 tokens: nothing.
  expect(cachedPrefixTokens(1, "m", 0, 1, prompt)).toBe(1408);
  expect(cachedPrefixTokens(1, "m", 0, 0, prompt)).toBe(0);
  expect(cachedPrefixTokens(1, "m", 0, 1, base.slice(0, 1000))).toBe(0);
  // Asked again, in any order, the same answer: no memory of what came before.
  const draws = [0, 1, 2, 3].map((repeat) => cachedPrefixTokens(1, "m", repeat, 0.5, prompt));
  expect([3, 2, 1, 0].map((repeat) => cachedPrefixTokens(1, "m", repeat, 0.5, prompt))).toEqual(draws.reverse());
  for (const d of draws) expect(d === 0 || (d >= 1024 && (d - 1024) % 128 === 0 && d <= 1500)).toBe(true);
});

test("at a hit rate p, about a share p of distinct prefixes are warm; prompts sharing a prefix share its draw", () => {
  const base = encodeText("lorem ipsum dolor sit amet ".repeat(300));
  let full = 0;
  const n = 400;
  for (let i = 0; i < n; i++) if (cachedPrefixTokens(7, "m", 0, 0.3, [i, ...base.slice(0, 1100)]) === 1024) full++;
  // One cacheable prefix per prompt, each its own: Binomial(400, 0.3), mean 120, sd 9.2; ±4 sd.
  expect(full).toBeGreaterThan(83);
  expect(full).toBeLessThan(157);
  // The same first 1,024 tokens, whatever follows: one draw for all of them.
  const shared = new Set([0, 1, 2, 3, 4, 5].map((i) => cachedPrefixTokens(7, "m", 0, 0.3, [...base.slice(0, 1100), i])));
  expect(shared.size).toBe(1);
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
