import { existsSync, readFileSync, statSync } from "node:fs";
import { EvalgateError, type Run } from "../core/index.js";
import { buildRunFile, parseRunFile, withoutRaw, type RunFile } from "../report/run-file.js";
import { buildRunReport } from "../report/run-report.js";
import type { ReportInput } from "../report/index.js";
import { defaultDbPath, openSqliteStore, type Store } from "../store/index.js";

/**
 * RUNREF arguments (docs/design/architecture.md §5): a run id (or an unambiguous prefix), `latest`,
 * `tag:NAME`, or a path to a run file written by `evalgate export`.
 *
 * A run file given where a database is in use (compare, run --baseline/--filter-failing)
 * is imported into it: insert-if-absent by run id (ids are deterministic, so importing
 * the same file twice changes nothing), attempts the database lacks are added, and
 * comparisons it lacks are saved. `evalgate report` reads a run file directly and
 * needs no database.
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
export function importRunFile(store: Store, file: RunFile): Run {
  if (!store.getRun(file.run.id)) store.createRun(file.run, file.suite, file.cases);
  const have = store.completedAttemptKeys(file.run.id);
  if (have.size < file.attempts.length) {
    for (const a of file.attempts) {
      if (!have.has(`${a.caseId}\u0000${a.arm}\u0000${a.repeat}`)) store.recordAttempt(a);
    }
  }
  for (const c of file.comparisons) if (!store.getComparison(c.id)) store.saveComparison(c);
  return store.getRun(file.run.id) ?? file.run;
}

/** Resolves a RUNREF against the store, importing it first when it is a run file. */
export function resolveRunArg(store: Store, ref: string, options: { suite?: string } = {}): Run {
  if (isRunFileRef(ref)) return importRunFile(store, readRunFile(ref));
  return store.resolveRunRef(ref, options);
}

/** The export of a stored run: everything a RUNREF needs, raw payloads only when asked. */
export function exportRunFile(store: Store, run: Run, options: { includeRaw?: boolean } = {}): RunFile {
  const { attempts } = store.listAttempts(run.id, { limit: Number.MAX_SAFE_INTEGER, offset: 0, includeRaw: options.includeRaw === true });
  return buildRunFile({
    run,
    suite: { name: run.suite, hash: run.suiteHash, source: store.getSuiteSource(run.suiteHash) ?? null },
    cases: store.getCases(run.id),
    attempts: options.includeRaw ? attempts : attempts.map(withoutRaw),
    comparisons: store.listComparisons(run.id),
  });
}

/**
 * A run's report input from the store: its arms, attempts, cases and the comparisons that
 * involve it, with the other runs those comparisons name (when the store holds them).
 */
export function reportInputFromStore(store: Store, run: Run): ReportInput {
  const comparisons = store.listComparisons(run.id);
  const others = [...new Set(comparisons.flatMap((c) => [c.baselineRunId, c.candidateRunId]))].filter((id) => id !== run.id);
  const related = others.flatMap((id) => {
    const other = store.getRun(id);
    return other ? [storedRunReport(store, other)] : [];
  });
  return { runs: [storedRunReport(store, run)], comparisons, related };
}

function storedRunReport(store: Store, run: Run) {
  const { attempts } = store.listAttempts(run.id, { limit: Number.MAX_SAFE_INTEGER, offset: 0 });
  return buildRunReport(run, attempts, store.getCases(run.id));
}

export function reportInputFromFile(file: RunFile): ReportInput {
  return { runs: [buildRunReport(file.run, file.attempts, file.cases)], comparisons: file.comparisons };
}

/**
 * Opens the database for commands that take RUNREFs. A missing database is created only
 * when a run file is among the refs (it is imported there); otherwise no stored run can
 * match, and the error says so without leaving an empty database behind.
 */
export function openStoreForRefs(dbFlag: string | undefined, refs: string[]): Store {
  const path = dbFlag ?? defaultDbPath(process.env, process.cwd());
  if (!existsSync(path) && !refs.some(isRunFileRef)) {
    throw new EvalgateError("RUNREF_NOT_FOUND", `no database at ${path}, so no run matches ${refs.map((r) => `"${r}"`).join(" or ")}`, {
      hint: "run `evalgate run <suite>` first, pass --db, or give an exported run file",
    });
  }
  return openSqliteStore(path);
}
