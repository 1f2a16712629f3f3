import { existsSync } from "node:fs";
import type { Command } from "commander";
import { formatPercent, formatUsd } from "../../report/format.js";
import { renderTable } from "../../report/table.js";
import { defaultDbPath, openSqliteStore, type RunSummary } from "../../store/index.js";
import { positiveInt } from "../flags.js";
import type { RegisterCommand } from "./index.js";

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
    .option("--db <path>", "database (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--json", "print the runs and their per-arm figures as JSON")
    .action((flags: RunsFlags) => {
      const path = flags.db ?? defaultDbPath(process.env, process.cwd());
      const summaries = existsSync(path) ? readRuns(path, flags) : [];
      if (flags.json) process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
      else process.stdout.write(`${summaries.length ? formatRunList(summaries) : `no runs in ${path}`}\n`);
    });
};

function readRuns(path: string, flags: RunsFlags): RunSummary[] {
  const store = openSqliteStore(path);
  try {
    return store.listRuns({ suite: flags.suite, tag: flags.tag, limit: flags.limit ?? 20 });
  } finally {
    store.close();
  }
}

/** One line per run: what ran, from which commit, how it went, what it cost. */
export function formatRunList(summaries: RunSummary[]): string {
  const header = ["id", "suite", "status", "tags", "commit", "arms", "attempts", "pass rate", "errors", "cost", "judge cost", "when", "sim"];
  const rows = summaries.map(({ run, arms, totals, judges }) => [
    run.id,
    run.suite,
    run.status,
    run.tags.join(","),
    formatCommit(run.gitCommit, run.gitDirty),
    String(arms.length),
    String(totals.attempts),
    formatPercent(totals.passRate),
    String(totals.errors),
    formatCost(totals.costUsd, totals.unknownCost),
    judges.calls > 0 ? formatCost(judges.costUsd, judges.unknownCost) : "—",
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

/** The known sum, with `+?` when some attempts had no known price (never shown as zero). */
function formatCost(usd: number | null, unknown: number): string {
  if (usd === null) return unknown > 0 ? "unknown" : "—";
  return `${formatUsd(usd)}${unknown > 0 ? "+?" : ""}`;
}

function formatWhen(iso: string): string {
  return iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "Z");
}
