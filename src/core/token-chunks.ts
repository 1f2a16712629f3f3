/**
 * BPE tokenizers (gpt-tokenizer among them) are quadratic in the length of one
 * pre-tokenized piece: a 300,000-character word takes over a minute. Text whose runs of
 * non-space (or space) characters are all shorter than MAX_RUN is returned whole, so its
 * count is exact; longer runs are cut into MAX_RUN-character pieces, each tokenized on its
 * own: linear work, and a count within a few tokens per cut of the exact one.
 */
export const MAX_RUN = 1000;

/** `text` as pieces to tokenize one by one; a single piece when no run reaches MAX_RUN. */
export function tokenizerPieces(text: string, maxRun: number = MAX_RUN): string[] {
  if (text.length < maxRun) return [text];
  const pieces: string[] = [];
  let start = 0; // start of the piece being built
  let runStart = 0; // start of the current run of same-class characters
  let runSpace = isSpace(text.charCodeAt(0));
  for (let i = 1; i <= text.length; i++) {
    const space = i < text.length ? isSpace(text.charCodeAt(i)) : !runSpace;
    if (space !== runSpace) {
      runStart = i;
      runSpace = space;
    } else if (i - runStart >= maxRun) {
      pieces.push(text.slice(start, i));
      start = i;
      runStart = i;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** Counts tokens with `count` over the pieces of `text` (see tokenizerPieces). */
export function countTokensLinear(text: string, count: (piece: string) => number): number {
  const pieces = tokenizerPieces(text);
  let n = 0;
  for (const p of pieces) n += count(p);
  return n;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0x3000;
}
