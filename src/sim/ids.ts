import { hash } from "node:crypto";

/**
 * Ids of one response: a pure function of (seed, request number, prefix, n), so the
 * same requests sent one at a time give the same ids (byte-identical bodies).
 */
export class IdMaker {
  private n = 0;

  constructor(private readonly seed: number, private readonly seq: number) {}

  next(prefix: string, length = 24): string {
    const digest = hash("sha256", `${this.seed}\u0000${this.seq}\u0000${prefix}\u0000${this.n++}`, "hex");
    return `${prefix}${digest.slice(0, length)}`;
  }
}

/** Splits text into stream deltas of a word (with its trailing space) each, long words in 24-char slices. */
export function splitDeltas(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(/\S+\s*|\s+/g) ?? []) {
    // Slices count code points; a word of 24 UTF-16 units or fewer has no more than 24 of them.
    if (word.length <= 24) {
      out.push(word);
      continue;
    }
    const chars = Array.from(word);
    for (let i = 0; i < chars.length; i += 24) out.push(chars.slice(i, i + 24).join(""));
  }
  return out;
}
