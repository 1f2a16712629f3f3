import type { Attempt, Comparison, Run } from "../core/index.js";
import type { ArmSummary } from "../stats/index.js";

/** A case as a run saw it (the store's StoredCase fits; its vars are not needed). */
export interface ReportCase {
  id: string;
  tags: string[];
}

/** One run as the reporters see it: its arms summarized and, for per-case rows, its attempts. */
export interface RunReport {
  run: Run;
  arms: ArmSummary[];
  /** Every attempt of the run (raw payloads are not needed); [] gives arm-level reports only. */
  attempts: Attempt[];
  /** The run's case table, for tags; optional (tags then come from the comparisons, if any). */
  cases?: ReportCase[];
}

/** What every reporter renders: the runs involved and the comparisons between their arms. */
export interface ReportInput {
  runs: RunReport[];
  comparisons: Comparison[];
  /**
   * Other runs the comparisons refer to (the baseline run of a run's comparison, say):
   * used for the comparisons' figures and outputs, not reported as runs themselves.
   */
  related?: RunReport[];
}

export interface ReporterOptions {
  /** ANSI colours in the console reporter (default: off; the CLI passes the TTY/NO_COLOR decision). */
  color?: boolean;
  /** How many regressions the console and Markdown reporters show with both outputs (default 5). */
  topRegressions?: number;
  /** Longest output excerpt, in characters, before it is cut with "…" (default 400). */
  maxOutputChars?: number;
  /** The JUnit `hostname` attribute (default: the machine's hostname, else "localhost"). */
  hostname?: string;
}

/**
 * A reporter renders a whole report as one string: the CLI decides where it goes
 * (stdout, an atomically written file, `$GITHUB_STEP_SUMMARY`). Formats are pure
 * functions of their input, so they are tested without a run.
 */
export interface Reporter {
  readonly format: ReportFormat;
  /** File extension of its output, without the dot. */
  readonly extension: string;
  render(input: ReportInput): string;
}

export type ReportFormat = "console" | "json" | "junit" | "markdown" | "csv" | "html";

export type ReporterFactory = (options: ReporterOptions) => Reporter;
