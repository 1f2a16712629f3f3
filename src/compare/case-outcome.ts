import type { Attempt, CaseDelta, CaseOutcome } from "../core/index.js";
import type { PairedCase } from "./pairing.js";

/** One case in one arm, its repeats folded (docs/design/architecture.md §9). */
export interface CaseResult {
  /** Mean over repeats of the attempt score, an errored attempt counting 0; null when no repeat was scored. */
  score: number | null;
  /** Most repeats passed; a tie fails, and an errored attempt never passes. */
  pass: boolean;
  passedRepeats: number;
  repeats: number;
  errors: number;
}

export function summarizeCase(attempts: readonly Attempt[]): CaseResult {
  let passedRepeats = 0;
  let errors = 0;
  let scoreSum = 0;
  let scored = 0;
  for (const a of attempts) {
    if (a.status === "error") {
      errors += 1;
      scored += 1;
      continue;
    }
    if (a.pass === true) passedRepeats += 1;
    if (a.score !== null) {
      scoreSum += a.score;
      scored += 1;
    }
  }
  return {
    score: scored === 0 ? null : scoreSum / scored,
    pass: passedRepeats * 2 > attempts.length,
    passedRepeats,
    repeats: attempts.length,
    errors,
  };
}

/** The repeats of a case agree when all passed or none did. */
export function repeatsAgree(r: CaseResult): boolean {
  return r.passedRepeats === 0 || r.passedRepeats === r.repeats;
}

/**
 * regression: the case's majority outcome went pass → fail; fix: fail → pass (these are
 * the flips McNemar's test counts, whether or not every repeat agreed). Otherwise the
 * outcome did not change: `flaky` when the repeats disagree in either arm, else `unchanged`.
 *
 * When the arms ran the case a different number of times (`--repeat 2` against 3), majority
 * flips are false evidence: PF (a tie, which fails) against PFP (which passes) would be a
 * "fix" on every case. Their per-case pass rates are compared instead: a flip needs the
 * rates more than half apart.
 */
export function caseOutcome(baseline: CaseResult, candidate: CaseResult): CaseOutcome {
  if (baseline.repeats !== candidate.repeats && baseline.repeats > 0 && candidate.repeats > 0) {
    const change = candidate.passedRepeats / candidate.repeats - baseline.passedRepeats / baseline.repeats;
    if (change < -0.5) return "regression";
    if (change > 0.5) return "fix";
    return !repeatsAgree(baseline) || !repeatsAgree(candidate) || change !== 0 ? "flaky" : "unchanged";
  }
  if (baseline.pass && !candidate.pass) return "regression";
  if (!baseline.pass && candidate.pass) return "fix";
  if (!repeatsAgree(baseline) || !repeatsAgree(candidate)) return "flaky";
  return "unchanged";
}

export interface ScoredPair {
  pair: PairedCase;
  baseline: CaseResult;
  candidate: CaseResult;
  delta: CaseDelta;
}

export function scorePair(pair: PairedCase): ScoredPair {
  const baseline = summarizeCase(pair.baseline);
  const candidate = summarizeCase(pair.candidate);
  return {
    pair,
    baseline,
    candidate,
    delta: {
      caseId: pair.caseId,
      tags: pair.tags,
      outcome: caseOutcome(baseline, candidate),
      baselineScore: baseline.score,
      candidateScore: candidate.score,
      baselinePass: baseline.pass,
      candidatePass: candidate.pass,
      repeats: {
        baseline: { passed: baseline.passedRepeats, total: baseline.repeats, errors: baseline.errors },
        candidate: { passed: candidate.passedRepeats, total: candidate.repeats, errors: candidate.errors },
      },
    },
  };
}
