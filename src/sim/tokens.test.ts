import { expect, test } from "vitest";
import { countTokens, encodeText, PrefixCache, truncateToTokens } from "./tokens.js";

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
