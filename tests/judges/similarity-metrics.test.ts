import { describe, expect, it } from "vitest";
import { cosineSimilarity, levenshteinSimilarity, rougeL, sentenceBleu, tokenize13a } from "../../src/graders/index.js";

/**
 * Every expected number below was computed outside this code base; the source is cited
 * beside each. sacrebleu 2.6.0 and rapidfuzz 3.14.6 were run in a Python 3.11 venv;
 * the "stdlib" ROUGE-L reference is this Python (standard library only), run as is:
 *
 *   import re
 *   def tokens(t): return re.findall(r"[a-z0-9]+", t.lower())
 *   def lcs(a, b):
 *       m = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
 *       for i in range(1, len(a) + 1):
 *           for j in range(1, len(b) + 1):
 *               m[i][j] = m[i-1][j-1] + 1 if a[i-1] == b[j-1] else max(m[i-1][j], m[i][j-1])
 *       return m[-1][-1]
 *   def rouge_l(c, r):
 *       c, r = tokens(c), tokens(r)
 *       if not c or not r: return 0.0
 *       l = lcs(c, r)
 *       if l == 0: return 0.0
 *       p, rec = l / len(c), l / len(r)
 *       return 2 * p * rec / (p + rec)
 */

describe("levenshtein similarity (1 − distance / longer length)", () => {
  // rapidfuzz.distance.Levenshtein.normalized_similarity(a, b), rapidfuzz 3.14.6
  it.each([
    ["kitten", "sitting", 0.5714285714285714],
    ["billing", "billing team", 0.5833333333333333],
    ["Refund approved", "refund approved.", 0.875],
    ["", "abc", 0],
    ["naïve café", "naive cafe", 0.8],
  ])("'%s' vs '%s' matches rapidfuzz's normalized similarity", (a, b, expected) => {
    expect(levenshteinSimilarity(a, b)).toBeCloseTo(expected, 12);
  });

  it("counts code points, not UTF-16 units, and scores two empty texts as equal", () => {
    expect(levenshteinSimilarity("😀a", "😀b")).toBe(0.5);
    expect(levenshteinSimilarity("", "")).toBe(1);
  });
});

describe("ROUGE-L F1", () => {
  // Lin (2004), "ROUGE: A Package for Automatic Evaluation of Summaries", §3.1: with
  // reference S1 "police killed the gunman", S2 "police kill the gunman" has ROUGE-L 3/4
  // and S3 "the gunman kill police" has 2/4 (equal lengths, so P = R = F).
  it("reproduces Lin 2004's worked example (S2 = 0.75, S3 = 0.5)", () => {
    expect(rougeL("police kill the gunman", "police killed the gunman")).toBe(0.75);
    expect(rougeL("the gunman kill police", "police killed the gunman")).toBe(0.5);
  });

  // the stdlib Python rouge_l above
  it.each([
    ["The refund for ORD-1 was approved by billing.", "Billing approved the refund for order ORD-1.", 0.5882352941176471],
    ["A quick brown dog jumps over the lazy fox", "The quick brown fox jumps over the lazy dog", 0.6666666666666666],
  ])("'%s' matches the independent LCS implementation", (c, r, expected) => {
    expect(rougeL(c, r)).toBeCloseTo(expected, 12);
  });

  it("is 0 when either text has no words", () => {
    expect(rougeL("", "police killed the gunman")).toBe(0);
    expect(rougeL("!!!", "police")).toBe(0);
  });
});

describe("sentence BLEU (sacrebleu defaults)", () => {
  const papineniRefs = [
    "It is a guide to action that ensures that the military will forever heed Party commands.",
    "It is the guiding principle which guarantees the military forces always being under the command of the Party.",
    "It is the practical guide for the army always to heed the directions of the party.",
  ];
  // sacrebleu.sentence_bleu(hyp, refs).score / 100, sacrebleu 2.6.0; the Papineni et al.
  // (2002) §2.1 candidates: Candidate 1 scores far above Candidate 2, as the paper argues.
  it.each([
    ["It is a guide to action which ensures that the military always obeys the commands of the party.", papineniRefs, 0.5401725898595141],
    ["It is to insure the troops forever hearing the activity guidebook that party direct.", papineniRefs, 0.06699559159060897],
    ["The cat is on the mat.", ["The cat sat on the mat."], 0.4889230224349009],
    ["Refund issued for order ORD-1, 3.5 days late.", ["Refund issued for order ORD-1 because it arrived 3.5 days late."], 0.5387551338654778],
    ["the the the the the the the", ["the cat is on the mat"], 0.07809849842300637],
    ["hello world", ["goodbye moon"], 0],
  ])("'%s' matches sacrebleu.sentence_bleu", (hyp, refs, expected) => {
    expect(sentenceBleu(hyp, refs)).toBeCloseTo(expected, 12);
  });

  it("tokenizes like sacrebleu's 13a (punctuation split, decimals and ids kept)", () => {
    // sacrebleu.tokenizers.tokenizer_13a.Tokenizer13a()("Refund issued for order ORD-1, 3.5 days late.")
    expect(tokenize13a("Refund issued for order ORD-1, 3.5 days late.").join(" ")).toBe("Refund issued for order ORD-1 , 3.5 days late .");
  });
});

describe("cosine similarity", () => {
  // numbers by hand: [1,2,3]·[4,5,6] = 32, |a| = √14, |b| = √77 → 32 / √1078 (python: 32/math.sqrt(14*77))
  it("matches the textbook formula", () => {
    expect(cosineSimilarity([1, 2, 3], [4, 5, 6])).toBeCloseTo(0.9746318461970762, 12);
    expect(cosineSimilarity([1, 0], [1, 1])).toBeCloseTo(0.7071067811865475, 12);
  });

  it("clamps opposite vectors to 0 and rejects vectors of different lengths", () => {
    expect(cosineSimilarity([1, 0], [-1, 0])).toBe(0);
    expect(() => cosineSimilarity([1, 0], [1, 0, 0])).toThrow("vectors differ in length");
  });
});
