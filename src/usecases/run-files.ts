import { existsSync, readFileSync, statSync } from "node:fs";
import { attemptKeyString, EvalgateError, type Attempt, type Run } from "../core/index.js";
import { buildRunFile, parseRunFile, withoutRaw, type RunFile } from "../report/run-file.js";
import { buildRunReport } from "../report/run-report.js";
import type { ReportInput, RunReport } from "../report/index.js";
import { collect, type Store, type StoredCase } from "../store/index.js";

/**
 * RUNREF arguments (docs/design/architecture.md §5): a run id (or an unambiguous prefix), `latest`,
 * `tag:NAME`, or a path to a run file written by `evalgate export`.
 *
 * A run file given where a store is in use (compare, run --baseline/--filter-failing)
 * is imported into it: insert-if-absent by run id (ids are deterministic, so importing
 * the same file twice changes nothing), attempts the store lacks are added, and
 * comparisons it lacks are saved. `evalgate report` reads a run file directly and
 * needs no store.
 */

/** A path rather than a stored reference: ends in .json, has a path separator, or names a file. */
export function isRunFileRef(ref: string): boolean {
  if (ref.endsWith(".json") || ref.includes("/") || ref.includes("\\")) return true;
  try {
    return existsSync(ref) && statSync(ref).isFile();
  } catch {
    return false;
  }
}

export function readRunFile(path: string): RunFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new EvalgateError("RUNREF_NOT_FOUND", `no run file at ${path}`, {
      hint: "a RUNREF is a run id, `latest`, `tag:NAME` or a file written by `evalgate export <RUNREF> --out run.json`",
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new EvalgateError("RUN_FILE_INVALID", `${path} is not JSON: ${(e as Error).message}`, { hint: "export it again with `evalgate export`" });
  }
  return parseRunFile(value, path);
}

/** Puts a run file into the store unless it is there already; completes a partial earlier import. */
export async function importRunFile(store: Store, file: RunFile): Promise<Run> {
  if (!(await store.getRun(file.run.id))) await store.createRun(file.run, file.suite, file.cases);
  const have = (await store.resumeState(file.run.id)).completed;
  for (const a of file.attempts) {
    if (!have.has(attemptKeyString(a.caseId, a.arm, a.repeat))) await store.recordAttempt(a);
  }
  for (const c of file.comparisons) if (!(await store.getComparison(c.id))) await store.saveComparison(c);
  return (await store.getRun(file.run.id)) ?? file.run;
}

/** Resolves a RUNREF against the store, importing it first when it is a run file. */
export async function resolveRunArg(store: Store, ref: string, options: { suite?: string } = {}): Promise<Run> {
  return (await resolveRunArgNoting(store, ref, options)).run;
}

/** The same, saying whether the run came from a file the store did not hold until now (it can have no history there). */
export async function resolveRunArgNoting(store: Store, ref: string, options: { suite?: string } = {}): Promise<{ run: Run; importedNow: boolean }> {
  if (!isRunFileRef(ref)) return { run: await store.resolveRunRef(ref, options), importedNow: false };
  const file = readRunFile(ref);
  const importedNow = (await store.getRun(file.run.id)) === undefined;
  return { run: await importRunFile(store, file), importedNow };
}

/** The export of a stored run: everything a RUNREF needs, raw payloads only when asked. */
export async function exportRunFile(store: Store, run: Run, options: { includeRaw?: boolean } = {}): Promise<RunFile> {
  const attempts = await collect(store.streamAttempts(run.id, { includeRaw: options.includeRaw === true }));
  return buildRunFile({
    run,
    suite: { name: run.suite, hash: run.suiteHash, source: (await store.getSuiteSource(run.suiteHash)) ?? null },
    cases: await store.getCases(run.id),
    attempts: options.includeRaw ? attempts : attempts.map(withoutRaw),
    comparisons: await store.listComparisons(run.id),
  });
}

/** A stored run as the reporters see it: its attempts, cases, and the store's own arm summaries. */
export async function storedRunReport(store: Store, run: Run): Promise<RunReport> {
  const summary = await store.summarizeRun(run.id);
  return buildRunReport(run, await collect(store.streamAttempts(run.id)), await store.getCases(run.id), summary?.arms);
}

/** The report section of some arms of a stored run whose attempts (by arm) and cases the caller has read already. */
export async function armsRunReport(store: Store, run: Run, byArm: ReadonlyMap<string, Attempt[]>, cases: StoredCase[]): Promise<RunReport> {
  const summary = await store.summarizeRun(run.id);
  const shown = { ...run, arms: run.arms.filter((a) => byArm.has(a.arm)) };
  return buildRunReport(shown, [...byArm.values()].flat(), cases, summary?.arms.filter((a) => byArm.has(a.arm)));
}

/**
 * A run's report input from the store: its arms, attempts, cases and the comparisons it is
 * the candidate of, with the other runs those comparisons name (when the store holds them).
 * A run's own verdict is theirs (docs/design/architecture.md §9): a later comparison that
 * used it as a baseline never turns its headline to FAIL.
 */
export async function reportInputFromStore(store: Store, run: Run): Promise<ReportInput> {
  const comparisons = (await store.listComparisons(run.id)).filter((c) => c.candidateRunId === run.id);
  const others = [...new Set(comparisons.flatMap((c) => [c.baselineRunId, c.candidateRunId]))].filter((id) => id !== run.id);
  const related: RunReport[] = [];
  for (const id of others) {
    const other = await store.getRun(id);
    if (other) related.push(await storedRunReport(store, other));
  }
  return { runs: [await storedRunReport(store, run)], comparisons, related };
}

export function reportInputFromFile(file: RunFile): ReportInput {
  return { runs: [buildRunReport(file.run, file.attempts, file.cases)], comparisons: file.comparisons };
}
