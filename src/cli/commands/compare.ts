import pc from "picocolors";
import type { Command } from "commander";
import { compareArms, type GatesConfig } from "../../compare/index.js";
import { compareSchema, EvalgateError, gatesSchema, seedFrom, type Attempt, type Comparison, type Run } from "../../core/index.js";
import { appendStepSummary, createReporter, verdictExitCode, type ReportInput } from "../../report/index.js";
import { buildRunReport } from "../../report/run-report.js";
import type { StoredCase, Store } from "../../store/index.js";
import { positiveInt } from "../flags.js";
import { openStoreForRefs, resolveRunArg } from "../runref.js";
import { checkOutputPaths, writeFileAtomic } from "../write-file.js";
import type { RegisterCommand } from "./index.js";

interface CompareFlags {
  arm?: string[];
  db?: string;
  json?: string;
  junit?: string;
  markdown?: string;
  top?: number;
}

export interface ArmPair {
  baseline: string;
  candidate: string;
}

export const registerCompare: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command("compare")
    .description("the verdict for a baseline run against a candidate run (exit 0 PASS, 1 FAIL, 4 INCONCLUSIVE)")
    .argument("<base>", "baseline RUNREF: run id, latest, tag:NAME or an exported run file")
    .argument("<cand>", "candidate RUNREF")
    .option("--arm <base=cand>", "pair these arms (prompt@target or a target id; repeatable); default: equal arm ids", (v: string, prev: string[] = []) => [...prev, v])
    .option("--db <path>", "database (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--json <file>", "write the report as JSON")
    .option("--junit <file>", "write JUnit XML (a testcase per case × arm and per gate)")
    .option("--markdown <file>", "write Markdown (also appended to $GITHUB_STEP_SUMMARY when set)")
    .option("--top <n>", "regressions shown with both outputs (default 5)", positiveInt("--top"))
    .action((baseRef: string, candRef: string, flags: CompareFlags) => {
      checkOutputPaths(flags);
      const store = openStoreForRefs(flags.db, [baseRef, candRef]);
      try {
        const input = compareRuns(store, baseRef, candRef, flags.arm ?? []);
        writeOutputs(input, flags);
        setExitCode(verdictExitCode(input.comparisons));
      } finally {
        store.close();
      }
    });
};

export interface CompareRunsOptions {
  /** When no arms pair up: throw BAD_FLAG naming the arms (default), or compare nothing. */
  requirePairs?: boolean;
}

/** Resolves both RUNREFs (a `latest` takes the other side's suite), pairs arms, compares, stores. */
export function compareRuns(store: Store, baseRef: string, candRef: string, armFlags: string[], options: CompareRunsOptions = {}): ReportInput {
  const [base, cand] = resolvePair(store, baseRef, candRef);
  const gates = suiteGates(store, cand);
  const pairs = pairArms(base, cand, armFlags, gates.compare, options.requirePairs ?? true);
  // Each side's attempts and cases are read once, whatever the number of pairs.
  const attempts = new Map<string, Attempt[]>();
  const cases = new Map<string, StoredCase[]>();
  const compared = new Map<string, Set<string>>();
  for (const run of base.id === cand.id ? [base] : [base, cand]) {
    const wanted = new Set(pairs.flatMap((p) => [run.id === base.id ? p.baseline : "", run.id === cand.id ? p.candidate : ""]));
    wanted.delete("");
    compared.set(run.id, wanted);
    attempts.set(run.id, wanted.size ? store.listAttempts(run.id, { limit: Number.MAX_SAFE_INTEGER, offset: 0 }).attempts.filter((a) => wanted.has(a.arm)) : []);
    cases.set(run.id, store.getCases(run.id));
  }
  const armInput = (run: Run, arm: string) => ({ runId: run.id, arm, attempts: (attempts.get(run.id) ?? []).filter((a) => a.arm === arm), cases: cases.get(run.id) ?? [] });
  const comparisons: Comparison[] = pairs.map((pair) => {
    const comparison = compareArms({
      baseline: armInput(base, pair.baseline),
      candidate: armInput(cand, pair.candidate),
      gates: gatesFor(pair, gates, cand),
      seed: seedFrom("compare", base.id, pair.baseline, cand.id, pair.candidate),
    });
    store.saveComparison(comparison);
    return comparison;
  });
  const reports = [...attempts.keys()].map((runId) => {
    const run = runId === base.id ? base : cand;
    const arms = compared.get(runId) ?? new Set<string>();
    return buildRunReport({ ...run, arms: run.arms.filter((a) => arms.has(a.arm)) }, attempts.get(runId) ?? [], cases.get(runId));
  });
  return { runs: reports, comparisons };
}

/**
 * A `latest` baseline against another candidate is the latest *other* run of the
 * candidate's suite (so `run --baseline latest` never compares a run with itself).
 */
function resolvePair(store: Store, baseRef: string, candRef: string): [Run, Run] {
  if (baseRef === "latest" && candRef !== "latest") {
    const cand = resolveRunArg(store, candRef);
    const other = store.listRuns({ suite: cand.suite, limit: 2 }).find((s) => s.run.id !== cand.id);
    if (!other) {
      throw new EvalgateError("RUNREF_NOT_FOUND", `no run of suite ${cand.suite} other than ${cand.id} to use as the latest baseline`, {
        hint: "run the suite on the baseline first, or name the baseline run (id, tag:NAME or an exported run file)",
      });
    }
    return [other.run, cand];
  }
  const base = resolveRunArg(store, baseRef);
  return [base, resolveRunArg(store, candRef, { suite: base.suite })];
}

interface SuiteGates {
  gates: GatesConfig;
  compare: Array<{ baseline: string; candidate: string; gates?: GatesConfig }>;
}

/** The gates stored with the candidate's suite: `gates:` and the `compare:` entries with their own. */
function suiteGates(store: Store, cand: Run): SuiteGates {
  const source = store.getSuiteSource(cand.suiteHash);
  const record = source !== null && typeof source === "object" ? (source as Record<string, unknown>) : {};
  const gates = gatesSchema.safeParse(record.gates ?? {});
  const compare = compareSchema.array().safeParse(record.compare ?? []);
  if (!gates.success || !compare.success) {
    throw new EvalgateError("CONFIG_INVALID", `the gates stored with run ${cand.id} (suite ${cand.suite}) do not match the suite format`, {
      hint: "re-run the suite with this evalgate version, then compare again",
    });
  }
  return { gates: gates.data, compare: compare.data };
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

function writeOutputs(input: ReportInput, flags: CompareFlags): void {
  const color = pc.isColorSupported && process.stdout.isTTY === true;
  process.stdout.write(createReporter("console", { color, topRegressions: flags.top }).render(input));
  if (flags.json) writeFileAtomic(flags.json, createReporter("json").render(input));
  if (flags.junit) writeFileAtomic(flags.junit, createReporter("junit").render(input));
  const markdown = createReporter("markdown", { topRegressions: flags.top }).render(input);
  if (flags.markdown) writeFileAtomic(flags.markdown, markdown);
  appendStepSummary(markdown);
}
