/**
 * o200k_base's ranks as the CLI's bundle ships them (scripts/bundle-cli.js): the ranks that
 * are strings joined by U+FFFF, which none of them holds, then the byte-sequence ranks as
 * JSON by index. `split` reads it about five times faster than `JSON.parse` reads the same
 * ranks as JSON, and the simulator's thread builds its tokenizer from it before it answers
 * its first request (docs/design/performance.md, "Start-up").
 */
export type Rank = string | number[];

const SEPARATOR = "\uFFFF";

export function encodeRanks(ranks: readonly Rank[]): string {
  const bytes: Array<[number, number[]]> = [];
  const strings = ranks.map((rank, i) => {
    if (typeof rank !== "string") {
      bytes.push([i, rank]);
      return "";
    }
    if (rank.includes(SEPARATOR)) throw new Error(`rank ${i} holds U+FFFF, the rank file's separator`);
    return rank;
  });
  return `${strings.join(SEPARATOR)}${SEPARATOR}${JSON.stringify(bytes)}`;
}

export function decodeRanks(text: string): Rank[] {
  const ranks: Rank[] = text.split(SEPARATOR);
  const bytes = JSON.parse(ranks.pop() as string) as Array<[number, number[]]>;
  for (const [i, rank] of bytes) ranks[i] = rank;
  return ranks;
}
