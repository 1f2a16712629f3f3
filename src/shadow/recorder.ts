import { armId, EVALGATE_VERSION, hashJson, looseGraderSchema, newRunId, type ArmInfo, type Comparison, type GraderSpec, type Run, type RunStatus } from "../core/index.js";
import { DEFAULT_AGREEMENT_MIN, REPLAY_GRADER, type LoggedExchangeLine } from "../import/index.js";
import { redactSecrets, type Store } from "../store/index.js";
import type { LoadedSuite, SuitePrompt, SuiteTarget } from "../suite/index.js";
import { compareRuns } from "../usecases/compare-runs.js";
import { snapshotSuite } from "../usecases/suite-snapshot.js";
import { PRODUCTION_TARGET, SHADOW_PROMPT } from "./arms.js";
import type { ExchangeLog } from "./exchange-log.js";
import type { ShadowPair } from "./pair.js";
import type { Redactor } from "./redaction.js";

/**
 * The shadow run (docs/shadow.md "What is kept"): created when the proxy starts (status
 * running), one case per mirrored pair written in one transaction as the pair completes,
 * finished — and its comparison stored, so `report`, `compare` and the dashboard read its
 * verdict — when the proxy stops. Its stored suite is a replay suite's (what `evalgate
 * import` scaffolds): production a recorded target, the candidate graded by the `agreement`
 * grader against it, an `agreement` gate — so it is decided as a replay of the same traffic
 * is. A restarted proxy starts a new shadow run; the pairs of the last one stay where they are.
 */
export interface ShadowRunSettings {
  upstream: string;
  share: number;
  seed: number;
  tags: string[];
  /** What the shadow run stores of the proxy's flags (filters, queue, budget), for the record. */
  flags: Record<string, unknown>;
}

export interface ShadowRecorder {
  readonly run: Run;
  readonly productionArm: string;
  readonly candidateArm: string;
  /** The graders the run's suite stores: what each pair is graded by. */
  readonly graders: readonly GraderSpec[];
  record(pair: ShadowPair, logLine: LoggedExchangeLine | null): Promise<void>;
  finish(status: RunStatus): Promise<Comparison[]>;
}

export async function startShadowRecorder(store: Store, suite: LoadedSuite, target: SuiteTarget, candidateSimulated: boolean, settings: ShadowRunSettings, redactor: Redactor, log: ExchangeLog | null): Promise<ShadowRecorder> {
  const productionArm = armId(SHADOW_PROMPT, PRODUCTION_TARGET);
  const candidateArm = armId(SHADOW_PROMPT, target.id);
  const graders = replayGraders(suite);
  const source = redactor.value({
    ...snapshotSuite(suite),
    name: `${suite.name}-shadow`,
    prompts: [{ id: SHADOW_PROMPT, fromCase: "request" } satisfies SuitePrompt],
    targets: [{ id: PRODUCTION_TARGET, provider: target.provider, api: target.api, model: "production traffic", params: {}, api_key_env: "OPENAI_API_KEY", stream: false, recorded: true } satisfies SuiteTarget, target],
    compare: [{ baseline: PRODUCTION_TARGET, candidate: target.id }],
    graders,
    gates: replayGates(suite, target),
    shadow: { upstream: settings.upstream, share: settings.share, seed: settings.seed, candidate: target.id, flags: settings.flags },
  });
  const suiteHash = hashJson(source);
  const arms: ArmInfo[] = [
    {
      arm: productionArm,
      promptId: SHADOW_PROMPT,
      targetId: PRODUCTION_TARGET,
      // Production traffic may mix APIs and models: each attempt keeps the ones it was served by.
      api: target.api,
      model: "production traffic",
      params: {},
      warnings: ["recorded production replies: each attempt's output names the API and model that served it"],
      simulated: false,
      recorded: true,
    },
    { arm: candidateArm, promptId: SHADOW_PROMPT, targetId: target.id, api: target.api, model: target.model, params: target.params, warnings: [], simulated: candidateSimulated },
  ];
  const run: Run = {
    id: newRunId(),
    suite: `${suite.name}-shadow`,
    suiteHash,
    status: "running",
    startedAt: new Date().toISOString(),
    finishedAt: null,
    gitCommit: null,
    gitDirty: null,
    evalgateVersion: EVALGATE_VERSION,
    schemaVersion: 1,
    tags: ["shadow", ...settings.tags.filter((t) => t !== "shadow")],
    arms,
    simulated: false,
  };
  await store.createRun(run, { name: run.suite, hash: suiteHash, source }, []);
  return {
    run,
    productionArm,
    candidateArm,
    graders,
    async record(pair, logLine) {
      await store.recordCaseAttempts(run.id, pair.kase, [pair.production, pair.candidate]);
      // As the store does for every payload: credential-named fields and bearer tokens masked too.
      if (logLine) log?.append(redactSecrets(redactor.value(logLine)) as LoggedExchangeLine);
    },
    async finish(status) {
      log?.close();
      const finishedAt = new Date().toISOString();
      await store.finishRun(run.id, status, finishedAt);
      return (await compareRuns(store, run.id, run.id, { requirePairs: false })).comparisons;
    },
  };
}

/** The suite's own `agreement` graders (its threshold, its text metric), else the one a replay suite is scaffolded with; the suite's other graders need case vars logged traffic has not. */
function replayGraders(suite: LoadedSuite): GraderSpec[] {
  const own = suite.graders.filter((g) => g.type === REPLAY_GRADER.type);
  return own.length ? own : [looseGraderSchema.parse(REPLAY_GRADER) as GraderSpec];
}

/** The gates the suite compares this target by (its `compare:` entry's, else its own), with an `agreement` gate when they have none. */
function replayGates(suite: LoadedSuite, target: SuiteTarget): LoadedSuite["gates"] {
  const entry = suite.compare.find((c) => c.candidate === target.id || c.candidate.endsWith(`@${target.id}`));
  const gates = entry?.gates ?? suite.gates;
  return gates.agreement ? gates : { ...gates, agreement: { min: DEFAULT_AGREEMENT_MIN } };
}
