import { EVALGATE_VERSION } from "../core/version.js";
import { EvalgateError, parityCard, type ArmPair, type Comparison, type Run } from "../core/index.js";
import { formatGateValue, formatThreshold, sliceRows } from "../report/index.js";
import { ROLLOUT_FORMAT, ROLLOUT_VERSION, rolloutArtifactSchema, type RolloutArtifact, type RolloutComparison, type RolloutMetric } from "./artifact-schema.js";
import { evalFigures, outcomeScales, type ArmEval } from "./eval-figures.js";
import { CHECK_ALPHA, LIVE_METRIC_KEYS, LIVE_METRICS, OFFLINE_ONLY, OFFLINE_ONLY_KEYS } from "./metrics.js";
import { planStages, type PlannedMetric } from "./plan.js";
import { PLAN_ALPHA, PLAN_POWER } from "./sample-size.js";
import { metricThresholds } from "./thresholds.js";

/** What the candidate's prompt declared and where it ran: the check validates live replies against it. */
export interface CandidateDeclaration {
  api: "chat" | "responses" | null;
  model: string | null;
  outputSchema: Record<string, unknown> | null;
  tools: Array<{ name: string; parameters: Record<string, unknown> | null }>;
}

export interface ComparisonEvidence {
  comparison: Comparison;
  /** Each arm's attempts on the comparison's paired cases, with its output checks. */
  arms: ArmPair<ArmEval>;
  candidate: CandidateDeclaration;
}

export interface RolloutOptions {
  stages: readonly number[];
  trafficPerHour: number | null;
  createdAt?: string;
}

/** The rollout artifact of a run: one entry per comparison, each with its verdict, segments, parity, metrics and plan. */
export function buildRolloutArtifact(run: Run, evidence: readonly ComparisonEvidence[], options: RolloutOptions): RolloutArtifact {
  return {
    format: ROLLOUT_FORMAT,
    version: ROLLOUT_VERSION,
    createdAt: options.createdAt ?? new Date().toISOString(),
    evalgateVersion: EVALGATE_VERSION,
    run: { id: run.id, suite: run.suite, simulated: run.simulated },
    stages: [...options.stages],
    trafficPerHour: options.trafficPerHour,
    alpha: PLAN_ALPHA,
    power: PLAN_POWER,
    comparisons: evidence.map((e) => rolloutComparison(e, options)),
  };
}

function rolloutComparison(e: ComparisonEvidence, options: RolloutOptions): RolloutComparison {
  const c = e.comparison;
  const scales = outcomeScales(e.arms);
  const figures = evalFigures(e.arms, scales);
  const candidates = LIVE_METRIC_KEYS.flatMap((key) => {
    const t = metricThresholds(key, figures[key], c.verdict.gates);
    return t ? [{ key, t }] : [];
  });
  const checkedCount = candidates.filter(({ key }) => LIVE_METRICS[key].checked).length;
  const planned: PlannedMetric[] = candidates.map(({ key, t }) => {
    const def = LIVE_METRICS[key];
    const f = figures[key];
    const metric: RolloutMetric = {
      key,
      label: def.label,
      over: def.over,
      measuredBy: def.checked ? "rollout check" : "a judge on sampled live requests",
      scale: key === "cost_per_request" ? (scales.costScaleUsd ?? 1) : 1,
      margin: t.margin,
      marginSource: t.marginSource,
      eval: { baseline: f.baseline?.mean ?? null, candidate: f.candidate!.mean, baselineN: f.baseline?.n ?? 0, candidateN: f.candidate!.n },
      alertAbove: t.alertAbove,
      alpha: def.checked ? CHECK_ALPHA / Math.max(1, checkedCount) : CHECK_ALPHA,
    };
    return { metric, thresholds: t };
  });
  return {
    id: c.id,
    baselineRunId: c.baselineRunId,
    candidateRunId: c.candidateRunId,
    baselineArm: c.baselineArm,
    candidateArm: c.candidateArm,
    verdict: {
      status: c.verdict.status,
      gates: c.verdict.gates.map((g) => ({
        ...g,
        shown: {
          figure: formatGateValue(g.gate, g.figure),
          threshold: formatThreshold(g),
          interval: g.interval ? `[${formatGateValue(g.gate, g.interval[0])}, ${formatGateValue(g.gate, g.interval[1])}]` : "",
        },
      })),
    },
    segments: segmentsOf(c),
    parity: parityOf(c),
    candidate: e.candidate,
    slowAboveMs: scales.slowAboveMs,
    metrics: planned.map((p) => p.metric),
    offlineOnly: OFFLINE_ONLY_KEYS.map((key) => ({ key, ...OFFLINE_ONLY[key] })),
    plan: planStages(options.stages, planned, options.trafficPerHour),
  };
}

/** Per case tag, with the report's own row (sliceRows): the Holm-adjusted McNemar p is src/compare's. */
function segmentsOf(c: Comparison): RolloutComparison["segments"] {
  const rows = new Map(sliceRows(c).map((r) => [r[0], r]));
  return Object.entries(c.slices)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([tag, f]) => ({ tag, pairedCases: f.pairedCases, qualityDelta: f.qualityDelta, passRateDelta: f.passRateDelta, regressions: f.regressions, fixes: f.fixes, mcnemarP: f.mcnemarP, mcnemarPHolm: f.mcnemarPHolm ?? null, shown: rows.get(tag) ?? [] }));
}

/** The parity card's strings (core parityCard: the one view model), or null for a comparison stored without parity. */
function parityOf(c: Comparison): RolloutComparison["parity"] {
  const card = parityCard(c);
  return card ? { header: [...card.header], rows: card.rows.map((r) => ({ ...r })), note: card.note } : null;
}

/** A rollout artifact read back (by `rollout check`): the format, its version and its shape checked. */
export function parseRolloutArtifact(value: unknown, file: string): RolloutArtifact {
  const head = value as { format?: unknown; version?: unknown } | null;
  if (head === null || typeof head !== "object" || head.format !== ROLLOUT_FORMAT) {
    throw new EvalgateError("CONFIG_INVALID", `${file} is not a rollout artifact (its format is not "${ROLLOUT_FORMAT}")`, { location: { file }, hint: "write one with `evalgate rollout RUNREF --format json --out rollout.json`" });
  }
  if (typeof head.version === "number" && head.version > ROLLOUT_VERSION) {
    throw new EvalgateError("CONFIG_INVALID", `${file} is a rollout artifact of version ${head.version}; this evalgate reads version ${ROLLOUT_VERSION}`, { location: { file }, hint: "upgrade evalgate, or write the artifact with this version" });
  }
  const parsed = rolloutArtifactSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EvalgateError("CONFIG_INVALID", `${file} is not a valid rollout artifact: ${issue ? `${issue.path.join(".")}: ${issue.message}` : "shape mismatch"}`, { location: { file }, hint: "write it again with `evalgate rollout … --format json`" });
  }
  return parsed.data;
}
