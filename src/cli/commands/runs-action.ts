import { formatCost, formatPercent } from "../../core/index.js";
import { renderTable } from "../../report/table.js";
import { openStore, storeExists, type RunSummary } from "../../store/index.js";
import { resolvedLocation, storeLocation, withStore } from "../../usecases/stores.js";

export interface RunsFlags {
  suite?: string;
  tag?: string;
  limit?: number;
  db?: string;
  json?: boolean;
}

/** `evalgate runs`: the stored runs, newest first, as a table or JSON (none when the database does not exist). */
export async function runsAction(flags: RunsFlags): Promise<void> {
  const location = storeLocation(flags.db);
  const summaries = (await storeExists(location)) ? await readRuns(location, flags) : [];
  if (flags.json) process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
  else process.stdout.write(`${summaries.length ? formatRunList(summaries) : `no runs in ${resolvedLocation(location)}`}\n`);
}

async function readRuns(location: string, flags: RunsFlags): Promise<RunSummary[]> {
  const store = await openStore(location);
  return withStore(store, () => store.listRuns({ suite: flags.suite, tag: flags.tag, limit: flags.limit ?? 20 }));
}

/** One line per run: what ran, from which commit, how it went, what it cost. */
export function formatRunList(summaries: RunSummary[]): string {
  const header = ["id", "suite", "status", "tags", "commit", "arms", "attempts", "pass rate", "errors", "cost", "judge cost", "when", "sim"];
  const rows = summaries.map(({ run, arms, totals }) => [
    run.id,
    run.suite,
    run.status,
    run.tags.join(","),
    formatCommit(run.gitCommit, run.gitDirty),
    String(arms.length),
    String(totals.attempts),
    formatPercent(totals.passRate?.estimate),
    String(totals.errors),
    formatCost(totals.knownCost, totals.unknownCostAttempts),
    totals.judgeCalls > 0 ? formatCost(totals.judgeCost, totals.judgeUnknownCost) : "—",
    formatWhen(run.startedAt),
    run.simulated ? "yes" : "",
  ]);
  return renderTable(header, rows, new Set([5, 6, 7, 8, 9, 10]));
}

/** Short hash, `*` when the tree was dirty, `—` outside git. */
function formatCommit(commit: string | null, dirty: boolean | null): string {
  if (commit === null) return "—";
  return `${commit.slice(0, 7)}${dirty ? "*" : ""}`;
}

function formatWhen(iso: string): string {
  return iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "Z");
}
