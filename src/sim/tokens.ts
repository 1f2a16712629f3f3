import { countTokensLinear, tokenizerPieces } from "../core/token-chunks.js";
import { rngFrom } from "../core/random.js";
import { createHash, type Hash } from "node:crypto";
import { countTokens as countO200k, decode, encode } from "gpt-tokenizer/encoding/o200k_base";

/** Special-token strings in user text are plain text to the simulator, never control tokens. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * A memo of a pure function of a text, bounded by the characters of the texts it keeps:
 * a run sends the same system prompt, schema and answers thousands of times, and
 * tokenizing them is most of the simulator's CPU. When full it forgets the oldest half.
 */
export class TextMemo<V> {
  private readonly values = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxChars: number, private readonly compute: (text: string) => V) {}

  get(text: string): V {
    const known = this.values.get(text);
    if (known !== undefined) return known;
    const value = this.compute(text);
    if (text.length <= this.maxChars / 2) {
      if (this.chars + text.length > this.maxChars) this.forgetOldestHalf();
      this.values.set(text, value);
      this.chars += text.length;
    }
    return value;
  }

  private forgetOldestHalf(): void {
    for (const key of this.values.keys()) {
      if (this.chars <= this.maxChars / 2) break;
      this.values.delete(key);
      this.chars -= key.length;
    }
  }
}

const MEMO_CHARS = 4_000_000;
const counts = new TextMemo(MEMO_CHARS, (text) => countTokensLinear(text, (piece) => countO200k(piece, AS_TEXT)));
const encodings = new TextMemo(MEMO_CHARS, encodeUncached);

/** Tokens in `text` under o200k_base (the GPT-4o / GPT-4.1 / GPT-5 / o-series encoding). */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : counts.get(text);
}

/** The tokens of `text`; the array is shared with later calls for the same text: don't modify it. */
export function encodeText(text: string): readonly number[] {
  return text.length === 0 ? [] : encodings.get(text);
}

function encodeUncached(text: string): number[] {
  const pieces = tokenizerPieces(text);
  return pieces.length === 1 ? encode(text, AS_TEXT) : pieces.flatMap((p) => encode(p, AS_TEXT));
}

/** One token's text (a piece of a multi-byte character decodes to U+FFFD, as the API's `token` does; its `bytes` say which). */
export function decodeToken(id: number): string {
  return decode([id]);
}

/** The first `max` tokens of `text`, decoded back to text. */
export function truncateToTokens(text: string, max: number): string {
  if (max <= 0) return "";
  const tokens = encodeText(text);
  return tokens.length <= max ? text : decode(tokens.slice(0, max));
}

/** OpenAI caches prompt prefixes of 1,024 tokens and more, in steps of 128 tokens. */
export const CACHE_MIN_TOKENS = 1024;
export const CACHE_STEP_TOKENS = 128;

/**
 * The cached tokens of a prompt: the longest cacheable prefix (1,024 tokens, then steps of
 * 128) found warm, each prefix warm with probability `hitRate` drawn from (seed, model, the
 * prefix's hash, repeat). A pure function of the request, never of arrival order: two arms
 * sending the same prompt get the same cached tokens whichever is first, and so does an
 * attempt re-sent by a resume or another shard (docs/simulator.md, "Usage").
 */
export function cachedPrefixTokens(seed: number, model: string, repeat: number | string, hitRate: number, tokens: readonly number[]): number {
  if (tokens.length < CACHE_MIN_TOKENS || hitRate <= 0) return 0;
  const hashes = prefixHashes(model, tokens);
  for (let i = hashes.length - 1; i >= 0; i--) {
    const { length, hash } = hashes[i]!;
    if (rngFrom(seed, "prompt-cache", hash, repeat)() < hitRate) return length;
  }
  return 0;
}

function prefixHashes(model: string, tokens: readonly number[]): Array<{ length: number; hash: string }> {
  const out: Array<{ length: number; hash: string }> = [];
  const hash: Hash = createHash("sha256").update(model).update("\u0000");
  let fed = 0;
  for (let end = CACHE_MIN_TOKENS; end <= tokens.length; end += CACHE_STEP_TOKENS) {
    hash.update(Uint32Array.from(tokens.slice(fed, end)));
    fed = end;
    out.push({ length: end, hash: hash.copy().digest("hex") });
  }
  return out;
}
