import type { Command } from "commander";
import { formatCost, formatPercent } from "../../core/index.js";
import { renderTable } from "../../report/table.js";
import { openStore, storeExists, type RunSummary } from "../../store/index.js";
import { resolvedLocation, storeLocation, withStore } from "../../usecases/index.js";
import { positiveInt } from "../flags.js";
import type { RegisterCommand } from "./register.js";

interface RunsFlags {
  suite?: string;
  tag?: string;
  limit?: number;
  db?: string;
  json?: boolean;
}

export const registerRuns: RegisterCommand = (program: Command) => {
  program
    .command("runs")
    .description("list stored runs, newest first")
    .option("--suite <name>", "only runs of this suite")
    .option("--tag <name>", "only runs with this tag")
    .option("--limit <n>", "at most this many runs (default 20)", positiveInt("--limit"))
    .option("--db <location>", "store: a path or sqlite:PATH (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--json", "print the runs and their per-arm figures as JSON")
    .action(async (flags: RunsFlags) => {
      const location = storeLocation(flags.db);
      const summaries = (await storeExists(location)) ? await readRuns(location, flags) : [];
      if (flags.json) process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
      else process.stdout.write(`${summaries.length ? formatRunList(summaries) : `no runs in ${resolvedLocation(location)}`}\n`);
    });
};

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
