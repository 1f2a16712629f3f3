import { EvalgateError, type Comparison, type Run } from "../core/index.js";
import type { ReportInput } from "../report/index.js";
import { attemptKeyString, openStore, type Store, type StoredShard } from "../store/index.js";
import { compareRuns } from "./compare-runs.js";
import { storedRunReport } from "./run-files.js";
import { resolvedLocation } from "./stores.js";

/** One sharded run as a source store holds it. */
interface SourceRun {
  /** As given (a Postgres URL with its password, to open it again). */
  open: string;
  /** As shown: the store's location, password masked. */
  location: string;
  run: Run;
  shards: StoredShard[];
}

export interface MergedRun {
  run: Run;
  /** Shard indices (1-based) that are in and completed. */
  completed: number[];
  /** Shard indices of 1..n not (yet) completed: the run stays partial. */
  missing: number[];
  count: number;
  /** The run's verdict, computed once every shard is in; empty while any is missing. */
  comparisons: Comparison[];
}

export interface MergeResult {
  into: string;
  runs: MergedRun[];
  /** Attempts copied into the target (those it already held are never written twice). */
  copied: number;
  /** What the reporters render: the merged runs and their verdicts. */
  report: ReportInput;
}

/**
 * `evalgate merge A.db B.db … --into DB` (docs/ci.md): folds the shards of runs into one
 * store. Every source is checked against the others (and a run the target already holds)
 * before anything is written: shards of one run must agree on the suite hash, the store's
 * schema version, the arms (targets), the shard count, the repeats and the simulator's seed
 * — a mismatch names the field and both values and writes nothing. An attempt the target
 * holds is never written again. Once every shard is in, the run is completed and its
 * comparisons and verdict are computed and stored; until then it stays partial.
 */
export async function mergeShards(sources: readonly string[], into: string): Promise<MergeResult> {
  if (sources.length === 0) throw new EvalgateError("BAD_FLAG", "merge needs at least one shard store", { hint: "evalgate merge shard-1.db shard-2.db … --into merged.db" });
  const found: SourceRun[] = [];
  for (const location of sources) found.push(...(await shardedRuns(location)));
  const target = await openStore(into);
  try {
    const byRun = new Map<string, SourceRun[]>();
    for (const s of found) byRun.set(s.run.id, [...(byRun.get(s.run.id) ?? []), s]);
    for (const group of byRun.values()) await checkAgree(group, target);
    let copied = 0;
    for (const s of found) copied += await copyRun(s, target);
    const runs: MergedRun[] = [];
    for (const runId of byRun.keys()) runs.push(await settle(target, runId));
    const report: ReportInput = { runs: [], comparisons: runs.flatMap((r) => r.comparisons) };
    for (const r of runs) report.runs.push(await storedRunReport(target, (await target.getRun(r.run.id)) ?? r.run));
    return { into: resolvedLocation(into), runs, copied, report };
  } finally {
    await target.close();
  }
}

/** The runs of a shard store that were written as shards (a store without one is refused: it is not a shard). */
async function shardedRuns(location: string): Promise<SourceRun[]> {
  const store = await openStore(location, { readonly: true });
  try {
    const out: SourceRun[] = [];
    for (const { run } of await store.listRuns({ limit: 1000 })) {
      const shards = await store.listShards(run.id);
      if (shards.length) out.push({ open: location, location: store.location, run, shards });
    }
    if (out.length === 0) {
      throw new EvalgateError("BAD_FLAG", `${store.location} holds no shard of a run`, { hint: "merge the stores `evalgate run --shard i/n --run-id ID` wrote" });
    }
    return out;
  } finally {
    await store.close();
  }
}

/** Refuses shards of one run that differ in what makes them one run, naming the field. */
async function checkAgree(group: SourceRun[], target: Store): Promise<void> {
  const first = group[0] as SourceRun;
  const existing = await target.getRun(first.run.id);
  const others: SourceRun[] = existing ? [{ open: "", location: target.location, run: existing, shards: await target.listShards(existing.id) }, ...group] : group;
  const reference = others[0] as SourceRun;
  const fields: Array<[string, (s: SourceRun) => unknown]> = [
    ["suite hash", (s) => s.run.suiteHash],
    ["store schema version", (s) => s.run.schemaVersion],
    ["targets", (s) => s.run.arms.map((a) => `${a.arm} (${a.api} · ${a.model})`).join(", ")],
    ["shard count", (s) => s.shards[0]?.count],
    ["repeat", (s) => s.shards[0]?.repeat],
    ["seed", (s) => s.shards[0]?.seed],
  ];
  for (const other of others.slice(1)) {
    for (const [field, of] of fields) {
      const [a, b] = [of(reference), of(other)];
      if (a === undefined || b === undefined || JSON.stringify(a) === JSON.stringify(b)) continue;
      throw new EvalgateError("BAD_FLAG", `cannot merge run ${first.run.id}: ${other.location} differs in ${field} (${JSON.stringify(b)}; ${reference.location} has ${JSON.stringify(a)})`, {
        hint: "merge only the shards of one run: the same suite, targets, --repeat and --shard i/n count, written by the same evalgate",
      });
    }
  }
}

/** Copies a source's run, its cases, plan, shard rows and the attempts the target lacks; returns how many attempts it wrote. */
async function copyRun(s: SourceRun, target: Store): Promise<number> {
  const source = await openStore(s.open, { readonly: true });
  try {
    const suite = { name: s.run.suite, hash: s.run.suiteHash, source: (await source.getSuiteSource(s.run.suiteHash)) ?? null };
    await target.createRun({ ...s.run, status: "running", finishedAt: null }, suite, await source.getCases(s.run.id));
    const plan = await source.getRunPlan(s.run.id);
    if (plan && !(await target.getRunPlan(s.run.id))) await target.saveRunPlan(s.run.id, plan);
    const have = (await target.resumeState(s.run.id)).completed;
    let copied = 0;
    for await (const a of source.streamAttempts(s.run.id, { includeRaw: true })) {
      if (have.has(attemptKeyString(a.caseId, a.arm, a.repeat))) continue;
      await target.recordAttempt(a);
      copied++;
    }
    for (const shard of s.shards) await target.recordShard(s.run.id, shard);
    return copied;
  } finally {
    await source.close();
  }
}

/** A merged run: completed with its verdict once every shard is in, else left partial. */
async function settle(target: Store, runId: string): Promise<MergedRun> {
  const shards = await target.listShards(runId);
  const count = shards[0]?.count ?? 0;
  const completed = shards.filter((s) => s.status === "completed").map((s) => s.index);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !completed.includes(i));
  const last = shards.map((s) => s.finishedAt).sort().at(-1) ?? new Date().toISOString();
  const worst = shards.find((s) => s.status !== "completed")?.status;
  await target.finishRun(runId, missing.length === 0 ? "completed" : (worst ?? "running"), last);
  const run = (await target.getRun(runId)) as Run;
  const comparisons = missing.length === 0 ? (await compareRuns(target, runId, runId, { requirePairs: false })).comparisons : [];
  return { run, completed, missing, count, comparisons };
}
