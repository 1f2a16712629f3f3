import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { countTokensLinear, MAX_RUN, tokenizerPieces } from "./token-chunks.js";

describe("tokenizerPieces", () => {
  it("keeps text whose runs are all shorter than MAX_RUN whole, so its count is exact", () => {
    const prose = "The quick brown fox jumps over the lazy dog. ".repeat(500);
    expect(tokenizerPieces(prose)).toEqual([prose]);
    expect(countTokensLinear(prose, countTokens)).toBe(countTokens(prose));
  });

  it("cuts a long word into MAX_RUN-character pieces that join back to the text", () => {
    const text = `intro ${"a".repeat(2500)} outro`;
    const pieces = tokenizerPieces(text);
    expect(pieces.join("")).toBe(text);
    expect(pieces.map((p) => p.length)).toEqual([6 + MAX_RUN, MAX_RUN, 500 + 6]);
  });

  it("cuts long runs of whitespace too", () => {
    const pieces = tokenizerPieces(" ".repeat(2 * MAX_RUN + 1));
    expect(pieces.map((p) => p.length)).toEqual([MAX_RUN, MAX_RUN, 1]);
  });

  it("counts a 300,000-character word in linear work, within a token per cut of the exact count", () => {
    const word = "x7".repeat(150_000);
    const started = process.cpuUsage();
    const n = countTokensLinear(word, countTokens);
    const cpuMs = (process.cpuUsage(started).user + process.cpuUsage(started).system) / 1000;
    // The exact count of one piece, times the pieces: the cut points are the only difference.
    const perPiece = countTokens(word.slice(0, MAX_RUN));
    expect(n).toBe(perPiece * 300);
    // Unbounded, this takes over a minute of CPU; in pieces, well under a few seconds even on a loaded machine.
    expect(cpuMs).toBeLessThan(10_000);
  });
});
