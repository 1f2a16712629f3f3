import ranks from "gpt-tokenizer/esm/bpeRanks/o200k_base";
import { describe, expect, it } from "vitest";
import { encodeRanks, RankTable, type Rank } from "./rank-file.js";

const original = ranks as unknown as Rank[];
const table = new RankTable(encodeRanks(original));

describe("the rank file the CLI's bundle builds o200k_base from", () => {
  it("finds every one of the package's string ranks, and gives each back at its index", () => {
    expect(table.length).toBe(original.length);
    let strings = 0;
    original.forEach((rank, i) => {
      if (typeof rank !== "string") return;
      strings++;
      if (table.encoder.get(rank) !== i) expect.unreachable(`rank ${i} ${JSON.stringify(rank)} looked up as ${table.encoder.get(rank)}`);
      if (table.decoder[i] !== rank) expect.unreachable(`rank ${i} decoded as ${JSON.stringify(table.decoder[i])}`);
    });
    expect(strings).toBeGreaterThan(190_000);
  });

  it("holds the byte-sequence ranks as the package's tokenizer does: by rank, and sorted for its binary search", () => {
    const bytes = original.flatMap((rank, i) => (typeof rank === "string" ? [] : [[i, rank] as const]));
    expect(bytes.length).toBeGreaterThan(1000);
    for (const [i, rank] of bytes) {
      expect(table.decoder[i]).toBe(table.nonUtfDecoder.get(i));
      expect([...table.nonUtfDecoder.get(i)!]).toEqual(rank);
    }
    expect(table.nonUtfSorted).toHaveLength(bytes.length);
    for (const [b, rank] of table.nonUtfSorted) expect(b).toBe(table.nonUtfDecoder.get(rank));
    for (let k = 1; k < table.nonUtfSorted.length; k++) {
      const [a, b] = [table.nonUtfSorted[k - 1]![0], table.nonUtfSorted[k]![0]];
      const n = Math.min(a.length, b.length);
      let cmp = 0;
      for (let j = 0; j < n && cmp === 0; j++) cmp = a[j]! - b[j]!;
      expect(cmp === 0 ? a.length - b.length : cmp).toBeLessThan(0);
    }
  });

  it("finds nothing for strings that are not ranks, and reads nothing past its ranks", () => {
    for (const key of ["", "not-a-token-at-all-xyz", "\u0000\u0000\u0000", "a".repeat(300), "日本語のテキストは長い"]) {
      expect(table.encoder.get(key), key).toBe(original.indexOf(key) === -1 ? undefined : original.indexOf(key));
    }
    expect(table.decoder[original.length]).toBeUndefined();
    expect(table.decoder[-1]).toBeUndefined();
  });

  it("refuses what it cannot hold, and a file that is not one", () => {
    expect(() => encodeRanks(["a", ""])).toThrow(/rank 1 is 0 characters long/);
    expect(() => encodeRanks(["a", "\uD800"])).toThrow(/rank 1 is not well-formed UTF-16/);
    expect(() => new RankTable(Buffer.from("{}"))).toThrow(/not an evalgate rank file/);
    const file = encodeRanks(["a", "b"]);
    expect(() => new RankTable(file.subarray(0, file.length - 1))).toThrow(/its header says/);
  });
});
