/**
 * o200k_base's ranks as the CLI's bundle ships them (scripts/bundle-cli.js), and the lookup
 * table the simulator's thread builds from them: the rank strings are one string, indexed by
 * an open-addressing hash table of ranks, so the tokenizer is ready in ~10 ms instead of the
 * ~150 ms it takes to split 200,000 strings and put each in a Map (docs/design/performance.md,
 * "Start-up"). gpt-tokenizer's BytePairEncodingCore takes the table in place of its Map and
 * arrays (the bundle's patch, scripts/bundle-cli.js); tests hold every rank to the package's.
 *
 * The file: "EGRT", then u32 LE counts (ranks, UTF-8 bytes of the strings, bytes of the JSON
 * of the byte-sequence ranks), one byte per rank (its string's length in UTF-16 code units;
 * 0 for a byte-sequence rank), the strings' UTF-8, and the byte-sequence ranks as JSON
 * `[[rank, [bytes…]], …]` in the order gpt-tokenizer searches them.
 */
export type Rank = string | number[];

const MAGIC = "EGRT";
const HEADER_BYTES = 16;
/** The longest rank string the one-byte length holds (o200k's longest is 128 code units). */
const MAX_RANK_CHARS = 255;

export function encodeRanks(ranks: readonly Rank[]): Buffer {
  const lengths = Buffer.alloc(ranks.length);
  const strings: string[] = [];
  const bytes: Array<[number, number[]]> = [];
  ranks.forEach((rank, i) => {
    if (typeof rank !== "string") {
      bytes.push([i, rank]);
      return;
    }
    if (rank.length === 0 || rank.length > MAX_RANK_CHARS) throw new Error(`rank ${i} is ${rank.length} characters long; the rank file holds 1 to ${MAX_RANK_CHARS}`);
    if (Buffer.from(rank, "utf8").toString("utf8") !== rank) throw new Error(`rank ${i} is not well-formed UTF-16 (a lone surrogate): the rank file stores UTF-8`);
    lengths[i] = rank.length;
    strings.push(rank);
  });
  bytes.sort((a, b) => compareBytes(a[1], b[1]));
  const chars = Buffer.from(strings.join(""), "utf8");
  const json = Buffer.from(JSON.stringify(bytes), "utf8");
  const header = Buffer.alloc(HEADER_BYTES);
  header.write(MAGIC, 0, "latin1");
  header.writeUInt32LE(ranks.length, 4);
  header.writeUInt32LE(chars.length, 8);
  header.writeUInt32LE(json.length, 12);
  return Buffer.concat([header, lengths, chars, json]);
}

/** gpt-tokenizer's order for byte sequences (utfUtil compareUint8Arrays): bytewise, then the shorter first. */
function compareBytes(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** FNV-1a over UTF-16 code units of `s` from `start`, `length` of them. */
function fnv(s: string, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start, end = start + length; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** What gpt-tokenizer's BytePairEncodingCore reads its ranks from, built from a rank file. */
export class RankTable {
  /** Ranks held (strings and byte sequences), all of them present: what the package's array's `length` says (GptEncoding reads it). */
  readonly length: number;
  /** rank → its string, as `BytePairEncodingCore.bytePairStringRankEncoder` is read: `get` only. */
  readonly encoder: { get(key: string): number | undefined };
  /** rank → its string, or its bytes for a byte-sequence rank (`bytePairRankDecoder[rank]`: the package's core reads only whether it is a string). */
  readonly decoder: ArrayLike<string | Uint8Array>;
  /** rank → bytes of the byte-sequence ranks. */
  readonly nonUtfDecoder: Map<number, Uint8Array>;
  /** The byte-sequence ranks as [bytes, rank], sorted for gpt-tokenizer's binary search. */
  readonly nonUtfSorted: Array<[Uint8Array, number]>;
  /** Marks this as a table to the bundle's patched BytePairEncodingCore. */
  readonly evalgateRankTable = this;

  private readonly chars: string;
  private readonly offsets: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(file: Buffer) {
    if (file.length < HEADER_BYTES || file.toString("latin1", 0, 4) !== MAGIC) throw new Error("not an evalgate rank file (no EGRT header): rebuild the bundle (npm run build)");
    const count = file.readUInt32LE(4);
    const charBytes = file.readUInt32LE(8);
    const jsonBytes = file.readUInt32LE(12);
    if (file.length !== HEADER_BYTES + count + charBytes + jsonBytes) throw new Error(`the rank file is ${file.length} bytes; its header says ${HEADER_BYTES + count + charBytes + jsonBytes}: rebuild the bundle (npm run build)`);
    const lengths = file.subarray(HEADER_BYTES, HEADER_BYTES + count);
    this.chars = file.toString("utf8", HEADER_BYTES + count, HEADER_BYTES + count + charBytes);
    const bytes = JSON.parse(file.toString("utf8", HEADER_BYTES + count + charBytes)) as Array<[number, number[]]>;
    this.length = count;
    const offsets = new Int32Array(count + 1);
    for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + lengths[i]!;
    if (offsets[count] !== this.chars.length) throw new Error("the rank file's lengths do not add up to its strings: rebuild the bundle (npm run build)");
    this.offsets = offsets;
    // Twice as many slots as ranks, a power of two: linear probing stays ~1.5 probes a lookup.
    const size = 2 ** Math.ceil(Math.log2(count * 2));
    this.mask = size - 1;
    const slots = new Int32Array(size);
    for (let r = 0; r < count; r++) {
      const length = lengths[r]!;
      if (length === 0) continue;
      let i = fnv(this.chars, offsets[r]!, length) & this.mask;
      while (slots[i] !== 0) i = (i + 1) & this.mask;
      slots[i] = r + 1;
    }
    this.slots = slots;
    this.nonUtfDecoder = new Map(bytes.map(([rank, b]) => [rank, Uint8Array.from(b)]));
    this.nonUtfSorted = bytes.map(([rank]) => [this.nonUtfDecoder.get(rank)!, rank]);
    this.encoder = { get: (key) => this.rankOf(key) };
    const rankAt = (rank: number): string | Uint8Array | undefined =>
      rank < 0 || rank >= count ? undefined : lengths[rank] === 0 ? this.nonUtfDecoder.get(rank) : this.chars.slice(offsets[rank]!, offsets[rank + 1]!);
    this.decoder = new Proxy([] as Array<string | Uint8Array>, {
      get: (target, key, receiver) => {
        if (key === "length") return count;
        if (typeof key === "string" && key.length > 0 && key.charCodeAt(0) >= 48 && key.charCodeAt(0) <= 57) return rankAt(Number(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  }

  /** The rank of a string, or undefined. */
  rankOf(key: string): number | undefined {
    const { chars, offsets, slots, mask } = this;
    let i = fnv(key, 0, key.length) & mask;
    for (;;) {
      const r = slots[i]! - 1;
      if (r < 0) return undefined;
      const start = offsets[r]!;
      if (offsets[r + 1]! - start === key.length && chars.startsWith(key, start)) return r;
      i = (i + 1) & mask;
    }
  }
}
