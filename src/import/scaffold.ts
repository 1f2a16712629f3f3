import type { Api } from "../core/index.js";

/** What the suite scaffold says about an import. */
export interface ScaffoldInput {
  name: string;
  /** The dataset's file name, beside the suite. */
  dataset: string;
  source: string;
  description: string;
  production: { api: Api; model: string };
  candidate: { api: Api; model: string };
  /** The user's own `--redact` patterns (the built-in kinds need no listing). */
  redact: readonly string[];
  /** Every case carries a label: the quality gate can decide on them. */
  allLabelled: boolean;
  someLabelled: boolean;
  agreementMin: number;
  /** The judge model of a pairwise gate; absent = none. */
  pairwiseJudge?: string;
}

/** The pairwise gate's margin as scaffolded: the candidate's win rate (ties half) must be shown above 45%. */
export const SCAFFOLD_PAIRWISE_MARGIN = 0.05;

const q = (s: string) => JSON.stringify(s);

/**
 * How a replay is graded: the candidate against the recording, informational in the quality
 * score (weight 0) because the agreement gate decides on it. The shadow proxy grades its
 * pairs with the same spec, so both are decided alike.
 */
export const REPLAY_GRADER = { type: "agreement", weight: 0 } as const;

/** The agreement gate's minimum when none is given (`--agreement-min`). */
export const DEFAULT_AGREEMENT_MIN = 0.95;

/**
 * The suite an import writes (docs/migration-guide.md): the logged requests as the prompt,
 * production's replies as the recorded baseline, one candidate target, the agreement grader
 * and gate, and with `--pairwise-judge` a judge and the pairwise grader and gate. A starting
 * point, meant to be edited: the candidate above all.
 */
export function scaffoldSuite(s: ScaffoldInput): string {
  const lines = [
    `# Written by \`evalgate import\` from ${s.source}. Edit the candidate target, then: evalgate run ${s.name}.yaml`,
    `name: ${s.name}`,
    `description: ${q(s.description)}`,
    "prompts:",
    "  - { id: logged, from_case: request }      # each case's own logged request",
    "targets:",
    `  - { id: production, recorded: true, api: ${s.production.api}, model: ${q(s.production.model)} }   # what production served, replayed: nothing is sent`,
    `  - { id: candidate, api: ${s.candidate.api}, model: ${q(s.candidate.model)} }   # add base_url: sim to try it on the simulator`,
    ...(s.pairwiseJudge ? ["judges:", `  - { id: judge, api: responses, model: ${q(s.pairwiseJudge)} }   # asked which of two answers is better`] : []),
    `dataset: ${s.dataset}`,
    "graders:",
    `  - { type: ${REPLAY_GRADER.type}, weight: ${REPLAY_GRADER.weight} }           # the candidate against the recording: tool calls, JSON, or text similarity ≥ 0.8`,
    ...(s.pairwiseJudge ? ["  - { type: pairwise, judge: judge, weight: 0 }   # the judge compares candidate and recording in both orders: win, tie or loss"] : []),
    "compare:",
    "  - { baseline: production, candidate: candidate }",
    "gates:",
    `  agreement: { min: ${s.agreementMin} }          # share of traffic where the candidate agrees with production (Wilson lower bound)`,
    ...(s.pairwiseJudge ? [`  pairwise: { judge: judge, margin: ${SCAFFOLD_PAIRWISE_MARGIN} }   # win rate (ties half) shown above ${50 - SCAFFOLD_PAIRWISE_MARGIN * 100}%: no worse than production`] : []),
    "  errors: { max_rate: 0.01 }",
    "  # cost: { max_increase: 0.10 }           # the recording is priced at what production paid",
    ...(s.allLabelled ? ["  quality: { margin: 0.02 }             # every case carries a label: both arms are graded against it"] : []),
    ...(s.someLabelled && !s.allLabelled ? ["  # some cases carry a label (tag `labelled`): `evalgate run --filter-tag labelled` grades both arms on them"] : []),
    ...(s.redact.length ? ["redact:", ...s.redact.map((p) => `  - ${q(p)}`)] : []),
  ];
  return `${lines.join("\n")}\n`;
}
