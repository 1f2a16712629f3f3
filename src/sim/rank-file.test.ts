import ranks from "gpt-tokenizer/esm/bpeRanks/o200k_base";
import { describe, expect, it } from "vitest";
import { decodeRanks, encodeRanks, type Rank } from "./rank-file.js";

describe("the rank file the CLI's bundle builds o200k_base from", () => {
  it("gives back every one of the package's ranks, strings and byte sequences, at its index", () => {
    const original = ranks as unknown as Rank[];
    const decoded = decodeRanks(encodeRanks(original));
    expect(decoded.length).toBe(original.length);
    expect(decoded).toEqual(original);
    expect(decoded.filter((r) => typeof r !== "string").length).toBeGreaterThan(1000);
  });

  it("refuses a rank that holds its separator", () => {
    expect(() => encodeRanks(["a", "b\uFFFFc"])).toThrow(/rank 1 holds U\+FFFF/);
  });
});
