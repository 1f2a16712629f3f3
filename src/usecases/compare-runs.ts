import { compareArms, comparisonId, type GatesConfig } from "../compare/index.js";
import { outputContractOf } from "./output-contract.js";
import {
  compareSchema,
  DEFAULT_MAX_LOOKS,
  EvalgateError,
  gatesSchema,
  hashJson,
  seedFrom,
  type Attempt,
  type Comparison,
  type Look,
  type PartialRun,
  type Run,
} from "../core/index.js";
import type { ReportInput } from "../report/index.js";
import { collect, type Store, type StoredCase } from "../store/index.js";
import { armsRunReport, resolveRunArg, resolveRunArgNoting } from "./run-files.js";

export interface ArmPair {
  baseline: string;
  candidate: string;
}

export interface CompareRunsOptions {
  /** `--arm BASE=CAND` pairs; default: equal arm ids (or, for a run against itself, its suite's `compare:`). */
  arms?: string[];
  /** When no arms pair up: throw BAD_FLAG naming the arms (default), or compare nothing. */
  requirePairs?: boolean;
}

/**
 * `evalgate compare` as a library call (docs/design/architecture.md §5): resolves both
 * RUNREFs (a `latest` baseline takes the candidate's suite), pairs arms, compares each
 * pair with the candidate suite's gates, stores the comparisons, and returns what the
 * reporters render.
 */
export async function compareRuns(store: Store, baseRef: string, candRef: string, options: CompareRunsOptions = {}): Promise<ReportInput> {
  const [base, cand, importedNow] = await resolvePair(store, baseRef, candRef);
  const gates = await suiteGates(store, cand);
  const pairs = pairArms(base, cand, options.arms ?? [], gates.compare, options.requirePairs ?? true);
  const sides = base.id === cand.id ? [base] : [base, cand];
  // Each side's compared arms are read once (only those arms), whatever the number of pairs.
  // The reports below are built from these same attempts: nothing is read twice.
  const attempts = new Map<string, Map<string, Attempt[]>>();
  const cases = new Map<string, StoredCase[]>();
  for (const run of sides) {
    const arms = new Set(pairs.flatMap((p) => [...(run.id === base.id ? [p.baseline] : []), ...(run.id === cand.id ? [p.candidate] : [])]));
    const byArm = new Map<string, Attempt[]>();
    for (const arm of arms) byArm.set(arm, await collect(store.streamAttempts(run.id, { arm })));
    attempts.set(run.id, byArm);
    cases.set(run.id, await store.getCases(run.id));
  }
  const sources = new Map<string, unknown>([[cand.id, gates.source]]);
  if (!sources.has(base.id)) sources.set(base.id, await store.getSuiteSource(base.suiteHash));
  const armInput = (run: Run, arm: string) => {
    const contract = outputContractOf(sources.get(run.id), run, arm);
    return {
      runId: run.id,
      arm,
      attempts: attempts.get(run.id)?.get(arm) ?? [],
      cases: cases.get(run.id) ?? [],
      ...(contract ? { contract } : {}),
      ...(run.arms.find((a) => a.arm === arm)?.recorded ? { recorded: true } : {}),
    };
  };
  const comparisons: Comparison[] = [];
  for (const pair of pairs) {
    const pairGates = gatesFor(pair, gates, cand);
    const id = comparisonId(base.id, pair.baseline, cand.id, pair.candidate);
    const look = await countLook(store, { base, cand, pair, gates: pairGates, source: gates.source, comparisonId: id, importedNow });
    const made = compareArms({
      baseline: armInput(base, pair.baseline),
      candidate: armInput(cand, pair.candidate),
      gates: pairGates,
      seed: seedFrom("compare", base.id, pair.baseline, cand.id, pair.candidate),
      look,
    });
    const partial = [
      ...partialOf(base, attempts.get(base.id)?.get(pair.baseline) ?? [], cases.get(base.id) ?? []),
      ...(cand.id === base.id ? [] : partialOf(cand, attempts.get(cand.id)?.get(pair.candidate) ?? [], cases.get(cand.id) ?? [])),
    ];
    const comparison = partial.length ? { ...made, partial } : made;
    await store.saveComparison(comparison);
    comparisons.push(comparison);
  }
  const runs = [];
  for (const run of sides) runs.push(await armsRunReport(store, run, attempts.get(run.id) ?? new Map(), cases.get(run.id) ?? []));
  return { runs, comparisons };
}

interface LookContext {
  base: Run;
  cand: Run;
  pair: ArmPair;
  gates: GatesConfig;
  source: Record<string, unknown>;
  comparisonId: string;
  /** The baseline came from a run file the store did not hold: no earlier look can be on record here. */
  importedNow: boolean;
}

/**
 * Records this comparison as a look (docs/verdict.md "Repeated looks") and returns which it is.
 * The key is (suite, baseline, the candidate arm's prompt, target and graders): the baseline
 * run id, or — when both arms are in one run, whose baseline is fresh each time — the
 * baseline arm's own configuration, so re-running CI until green is counted too.
 */
async function countLook(store: Store, c: LookContext): Promise<Look> {
  const max = c.gates.looks?.max ?? DEFAULT_MAX_LOOKS;
  const armKey = (run: Run, arm: string) => {
    const info = run.arms.find((a) => a.arm === arm);
    const prompts = Array.isArray(c.source.prompts) ? (c.source.prompts as Array<{ id?: unknown }>) : [];
    return { info: info ? { ...info, warnings: [] } : arm, prompt: prompts.find((p) => p.id === info?.promptId) ?? null, graders: c.source.graders ?? null };
  };
  const baseline = c.base.id === c.cand.id ? { arm: armKey(c.base, c.pair.baseline) } : { run: c.base.id };
  const key = `look_${hashJson([c.cand.suite, baseline, armKey(c.cand, c.pair.candidate)]).slice(0, 24)}`;
  if (store.location.startsWith("memory:")) return { number: 1, max, key, history: false };
  const number = await store.recordLook({ key, candidateRunId: c.cand.id, comparisonId: c.comparisonId, createdAt: new Date().toISOString() });
  return { number, max, key, history: !(c.importedNow && number === 1) };
}

/** A run that did not complete, as a verdict on it must say: how many of its planned cases the arm reached. */
function partialOf(run: Run, arm: readonly Attempt[], planned: readonly StoredCase[]): PartialRun[] {
  if (run.status === "completed" || run.status === "failed") return [];
  return [{ runId: run.id, status: run.status, cases: new Set(arm.map((a) => a.caseId)).size, planned: planned.length }];
}

/**
 * A `latest` baseline against another candidate is the latest *other* run of the
 * candidate's suite (so `run --baseline latest` never compares a run with itself).
 */
async function resolvePair(store: Store, baseRef: string, candRef: string): Promise<[Run, Run, boolean]> {
  if (baseRef === "latest" && candRef !== "latest") {
    const cand = await resolveRunArg(store, candRef);
    const other = (await store.listRuns({ suite: cand.suite, limit: 2 })).find((s) => s.run.id !== cand.id);
    if (!other) {
      throw new EvalgateError("RUNREF_NOT_FOUND", `no run of suite ${cand.suite} other than ${cand.id} to use as the latest baseline`, {
        hint: "run the suite on the baseline first, or name the baseline run (id, tag:NAME or an exported run file)",
      });
    }
    return [other.run, cand, false];
  }
  const { run: base, importedNow } = await resolveRunArgNoting(store, baseRef);
  return [base, await resolveRunArg(store, candRef, { suite: base.suite }), importedNow];
}

interface SuiteGates {
  gates: GatesConfig;
  /** The candidate's stored suite (prompts and graders key its looks). */
  source: Record<string, unknown>;
  compare: Array<{ baseline: string; candidate: string; gates?: GatesConfig }>;
}

/** The gates stored with the candidate's suite: `gates:` and the `compare:` entries with their own. */
async function suiteGates(store: Store, cand: Run): Promise<SuiteGates> {
  const source = await store.getSuiteSource(cand.suiteHash);
  const record = source !== null && typeof source === "object" ? (source as Record<string, unknown>) : {};
  const gates = gatesSchema.safeParse(record.gates ?? {});
  const compare = compareSchema.array().safeParse(record.compare ?? []);
  if (!gates.success || !compare.success) {
    throw new EvalgateError("CONFIG_INVALID", `the gates stored with run ${cand.id} (suite ${cand.suite}) do not match the suite format`, {
      hint: "re-run the suite with this evalgate version, then compare again",
    });
  }
  return { gates: gates.data, compare: compare.data, source: record };
}

/** A suite `compare:` entry naming this pair has its own gates, replacing the suite's (docs/design/architecture.md §4). */
function gatesFor(pair: ArmPair, suite: SuiteGates, cand: Run): GatesConfig {
  const entry = suite.compare.find((e) => findArm(cand, e.baseline) === pair.baseline && findArm(cand, e.candidate) === pair.candidate);
  return entry?.gates ?? suite.gates;
}

/** `--arm base=cand` pairs; else equal arm ids; a run compared with itself uses its suite's `compare:` entries. */
export function pairArms(base: Run, cand: Run, armFlags: string[], suiteCompare: SuiteGates["compare"] = [], requirePairs = true): ArmPair[] {
  if (armFlags.length) return armFlags.map((flag) => parseArmFlag(flag, base, cand));
  if (base.id === cand.id) {
    const pairs = suiteCompare.flatMap((e) => {
      const [b, c] = [findArm(base, e.baseline), findArm(cand, e.candidate)];
      return b && c ? [{ baseline: b, candidate: c }] : [];
    });
    if (pairs.length || !requirePairs) return pairs;
    throw new EvalgateError("BAD_FLAG", `run ${base.id} is compared with itself and its suite names no comparison between its arms`, {
      hint: `pick the arms: --arm BASE=CAND, with arms ${armList(base)}`,
    });
  }
  const candArms = new Set(cand.arms.map((a) => a.arm));
  const pairs = base.arms.filter((a) => candArms.has(a.arm)).map((a) => ({ baseline: a.arm, candidate: a.arm }));
  if (pairs.length || !requirePairs) return pairs;
  throw new EvalgateError("BAD_FLAG", `runs ${base.id} and ${cand.id} have no arm in common`, {
    hint: `pair arms with --arm BASE=CAND; baseline arms: ${armList(base)}; candidate arms: ${armList(cand)}`,
  });
}

function parseArmFlag(flag: string, base: Run, cand: Run): ArmPair {
  const eq = flag.indexOf("=");
  if (eq <= 0 || eq === flag.length - 1) {
    throw new EvalgateError("BAD_FLAG", `--arm takes BASE=CAND, got '${flag}'`, { hint: "e.g. --arm triage@chat-41-mini=triage@resp-41-mini (or bare target ids)" });
  }
  const side = (ref: string, run: Run, which: string) => {
    const arm = findArm(run, ref.trim());
    if (!arm) throw new EvalgateError("BAD_FLAG", `--arm ${flag}: the ${which} run ${run.id} has no arm '${ref}'`, { hint: `its arms: ${armList(run)}` });
    return arm;
  };
  return { baseline: side(flag.slice(0, eq), base, "baseline"), candidate: side(flag.slice(eq + 1), cand, "candidate") };
}

/** An arm id, or a target id that names exactly one arm of the run. */
export function findArm(run: Run, ref: string): string | undefined {
  if (run.arms.some((a) => a.arm === ref)) return ref;
  const byTarget = run.arms.filter((a) => a.targetId === ref);
  return byTarget.length === 1 ? byTarget[0]?.arm : undefined;
}

function armList(run: Run): string {
  return run.arms.map((a) => a.arm).join(", ") || "(none)";
}
