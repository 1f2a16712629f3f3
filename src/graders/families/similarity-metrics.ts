/**
 * Text similarity metrics in [0,1] (docs/graders.md, "Similarity"). Each follows a
 * published definition so its numbers can be checked against an independent
 * implementation (tests/judges/similarity-metrics.test.ts cites the references).
 */

/** Levenshtein distance over Unicode code points (insert, delete, substitute: cost 1). */
export function levenshteinDistance(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  let cur = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const sub = prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1);
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, sub);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length]!;
}

/** 1 − distance / the longer length (autoevals' Levenshtein, rapidfuzz's normalized_similarity); two empty texts are equal. */
export function levenshteinSimilarity(a: string, b: string): number {
  const longer = Math.max([...a].length, [...b].length);
  return longer === 0 ? 1 : 1 - levenshteinDistance(a, b) / longer;
}

/** ROUGE's tokens: lowercased runs of letters and digits (google-research rouge_score, without stemming). */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function lcsLength<T>(a: readonly T[], b: readonly T[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
    cur.fill(0);
  }
  return prev[b.length]!;
}

/**
 * ROUGE-L F1 (Lin 2004, §3.1 with β = 1, as rouge_score reports `fmeasure`): R = LCS / |reference|,
 * P = LCS / |candidate|, F = 2PR / (P + R); 0 when either side has no tokens.
 */
export function rougeL(candidate: string, reference: string): number {
  const c = rougeTokens(candidate);
  const r = rougeTokens(reference);
  if (c.length === 0 || r.length === 0) return 0;
  const lcs = lcsLength(c, r);
  if (lcs === 0) return 0;
  const p = lcs / c.length;
  const rec = lcs / r.length;
  return (2 * p * rec) / (p + rec);
}

/** sacrebleu's default `13a` tokenizer (the mteval-v13a.pl rules). */
export function tokenize13a(text: string): string[] {
  let line = text.replaceAll("<skipped>", "").replaceAll("-\n", "").replaceAll("\n", " ");
  if (line.includes("&")) line = line.replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
  line = ` ${line} `
    .replace(/([{-~[-` -&(-+:-@/])/g, " $1 ")
    .replace(/([^0-9])([.,])/g, "$1 $2 ")
    .replace(/([.,])([^0-9])/g, " $1 $2")
    .replace(/([0-9])(-)/g, "$1 $2 ");
  return line.split(/\s+/).filter((t) => t !== "");
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join("\u0000");
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** The reference length closest to the hypothesis length, the shorter on a tie. */
function closestRefLength(hypLen: number, refLens: readonly number[]): number {
  let best = refLens[0]!;
  for (const len of refLens) {
    const d = Math.abs(len - hypLen);
    const bestD = Math.abs(best - hypLen);
    if (d < bestD || (d === bestD && len < best)) best = len;
  }
  return best;
}

const MAX_ORDER = 4;

/**
 * Sentence BLEU as sacrebleu's `sentence_bleu` computes it (Papineni et al. 2002 with
 * sacrebleu's defaults: 13a tokens, n-grams up to 4 clipped by the most any reference
 * holds, the closest reference length for the brevity penalty, `exp` smoothing and
 * effective order), scaled to 0..1.
 */
export function sentenceBleu(hypothesis: string, references: readonly string[]): number {
  const hyp = tokenize13a(hypothesis);
  const refs = references.map(tokenize13a);
  if (refs.length === 0) return 0;
  const correct: number[] = [];
  const total: number[] = [];
  for (let n = 1; n <= MAX_ORDER; n++) {
    const maxRef = new Map<string, number>();
    for (const ref of refs) for (const [g, c] of ngramCounts(ref, n)) maxRef.set(g, Math.max(maxRef.get(g) ?? 0, c));
    let matched = 0;
    for (const [g, c] of ngramCounts(hyp, n)) matched += Math.min(c, maxRef.get(g) ?? 0);
    correct.push(matched);
    total.push(Math.max(0, hyp.length - n + 1));
  }
  if (!correct.some((c) => c > 0)) return 0;
  let logSum = 0;
  let order = 0;
  let smooth = 1;
  for (let n = 0; n < MAX_ORDER; n++) {
    if (total[n] === 0) break;
    order = n + 1;
    if (correct[n] === 0) {
      smooth *= 2;
      logSum += Math.log(1 / (smooth * total[n]!));
    } else {
      logSum += Math.log(correct[n]! / total[n]!);
    }
  }
  const refLen = closestRefLength(hyp.length, refs.map((r) => r.length));
  const bp = hyp.length < refLen ? Math.exp(1 - refLen / hyp.length) : 1;
  return bp * Math.exp(logSum / order);
}

/** Cosine similarity, clamped to [0,1] (opposite vectors score 0, as unrelated ones do). */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new Error(`vectors differ in length (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) return 0;
  return Math.min(1, Math.max(0, dot / Math.sqrt(na * nb)));
}
