import type { Comparison, ComparisonFigures, Look } from "../core/index.js";
import { COMPARISON_METHOD, hashJson, lookLevel, lookNote, orderCaseDeltas } from "../core/index.js";
import { holm } from "../stats/index.js";
import { scorePair, type ScoredPair } from "./case-outcome.js";
import { BOOTSTRAP_RESAMPLES, computeFigures } from "./figures.js";
import type { ArmInput, GatesConfig } from "./inputs.js";
import { pairByCase } from "./pairing.js";
import { computeParity } from "./parity.js";
import { decideVerdict, firstLook } from "./verdict.js";

export interface CompareArmsInput {
  baseline: ArmInput;
  candidate: ArmInput;
  /** The comparison's own gates, or else the suite's (the caller picks: they replace, never merge). */
  gates: GatesConfig;
  /** Seeds the bootstrap: the same attempts and seed give the same comparison. */
  seed: number;
  now?: Date;
  /** Bootstrap resamples (default 2,000). */
  resamples?: number;
  /**
   * Which look at this baseline the comparison is (the use case counts them in the store);
   * without one it is the first of `gates.looks.max`, and the comparison says history was unavailable.
   */
  look?: Look;
}

/** The id of a comparison: the same two runs and arms always give the same id, so recomputing replaces it. */
export function comparisonId(baselineRunId: string, baselineArm: string, candidateRunId: string, candidateArm: string): string {
  return `cmp_${hashJson([baselineRunId, baselineArm, candidateRunId, candidateArm]).slice(0, 16)}`;
}

/** Baseline arm vs candidate arm on the same cases (docs/design/architecture.md §9): pairing, figures, slices, verdict. */
export function compareArms(input: CompareArmsInput): Comparison {
  const { baseline, candidate, seed } = input;
  const resamples = input.resamples ?? BOOTSTRAP_RESAMPLES;
  const look = input.look ?? firstLook(input.gates);
  const level = lookLevel(look.max);
  const pairing = pairByCase(baseline, candidate);
  const scored = pairing.paired.map(scorePair);
  const figures = computeFigures(scored, seed, resamples, level);
  const slices = sliceFigures(scored, seed, resamples, level);
  const parity = computeParity(scored, { baseline: baseline.contract, candidate: candidate.contract });
  const verdict = decideVerdict(scored, figures, input.gates, look, parity, baseline.recorded === true);
  const noteOfLook = lookNote(look);
  return {
    id: comparisonId(baseline.runId, baseline.arm, candidate.runId, candidate.arm),
    baselineRunId: baseline.runId,
    candidateRunId: candidate.runId,
    baselineArm: baseline.arm,
    candidateArm: candidate.arm,
    figures,
    slices,
    cases: orderCases(scored),
    changedCases: pairing.changedCases,
    onlyInBaseline: pairing.onlyInBaseline,
    onlyInCandidate: pairing.onlyInCandidate,
    verdict,
    createdAt: (input.now ?? new Date()).toISOString(),
    seed,
    notes: [...notesFor(pairing, slices), intervalsNote(level), ...(noteOfLook ? [noteOfLook] : [])],
    method: COMPARISON_METHOD,
    look,
    parity,
  };
}

/**
 * Figures per case tag. Gates are applied to all paired cases only, not per slice; each
 * slice's McNemar p is also given Holm-adjusted over the slices, so a reader scanning
 * slices for a difference does not over-claim one.
 */
export function sliceFigures(scored: readonly ScoredPair[], seed: number, resamples: number, level?: number): Record<string, ComparisonFigures> {
  const tags = [...new Set(scored.flatMap((p) => p.delta.tags))].sort();
  const slices: Record<string, ComparisonFigures> = {};
  for (const tag of tags) slices[tag] = computeFigures(scored.filter((p) => p.delta.tags.includes(tag)), seed, resamples, level);
  const tested = tags.filter((t) => slices[t]?.mcnemarP !== null && slices[t]?.mcnemarP !== undefined);
  const adjusted = holm(tested.map((t) => slices[t]?.mcnemarP ?? 1));
  tested.forEach((t, i) => {
    const slice = slices[t];
    if (slice) slice.mcnemarPHolm = adjusted[i] ?? null;
  });
  return slices;
}

/** In the one case order (core orderCaseDeltas). */
function orderCases(scored: readonly ScoredPair[]): Comparison["cases"] {
  return orderCaseDeltas(scored.map((p) => p.delta));
}

/** What each interval of the comparison is: the mean score Δ carries the quality gate's own bounds. */
function intervalsNote(level: number): string {
  const sided = Number((((1 + level) / 2) * 100).toFixed(2));
  return `intervals: mean score Δ one-sided ${sided}% bounds, floored (the look design sets the level); pass rate Δ 90%; cost and latency 95%`;
}

function notesFor(pairing: ReturnType<typeof pairByCase>, slices: Record<string, ComparisonFigures>): string[] {
  const notes: string[] = [];
  if (pairing.changedCases.length) notes.push(`${pairing.changedCases.length} case(s) changed their vars between the runs and are left out of the pairing`);
  const oneArm = pairing.onlyInBaseline.length + pairing.onlyInCandidate.length;
  if (oneArm) notes.push(`${oneArm} case(s) ran in one arm only and are left out of the pairing`);
  if (Object.keys(slices).length > 1) notes.push("gates apply to all paired cases (and `critical_regressions` to the critical slice), not per tag; per-tag McNemar p-values are also given Holm-adjusted across tags");
  const unequal = pairing.paired.filter((p) => p.baseline.length !== p.candidate.length).length;
  if (unequal) notes.push(`${unequal} case(s) ran a different number of repeats in the two arms: their regressions and fixes compare per-case pass rates, not majority outcomes`);
  return notes;
}
