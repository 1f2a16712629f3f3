import { z } from "zod";
import { EVALGATE_VERSION, EvalgateError, type Attempt, type Comparison, type Run } from "../core/index.js";
import type { ReportCase } from "./reporter.js";

/**
 * The portable run file written by `evalgate export` and accepted by every RUNREF argument
 * (docs/design/architecture.md §5): one run with its suite, cases, attempts (outputs included) and the
 * comparisons stored for it. Versioned: a change of shape bumps RUN_FILE_VERSION.
 * Secrets never reach it: the store redacts payloads before writing them, and raw
 * payloads are left out unless asked for.
 */
export const RUN_FILE_FORMAT = "evalgate-run";
export const RUN_FILE_VERSION = 1;

export interface RunFileCase extends ReportCase {
  vars: Record<string, unknown>;
  varsHash: string;
}

export interface RunFile {
  format: typeof RUN_FILE_FORMAT;
  version: typeof RUN_FILE_VERSION;
  exportedAt: string;
  evalgateVersion: string;
  run: Run;
  /** The suite the run came from, as stored (its gates decide `compare`). */
  suite: { name: string; hash: string; source: unknown };
  cases: RunFileCase[];
  /** Ordered by case id, arm, repeat; `output.raw` is null unless exported with raw payloads. */
  attempts: Attempt[];
  comparisons: Comparison[];
}

export interface RunFileParts {
  run: Run;
  suite: { name: string; hash: string; source: unknown };
  cases: RunFileCase[];
  attempts: Attempt[];
  comparisons: Comparison[];
}

export function buildRunFile(parts: RunFileParts, now: Date = new Date()): RunFile {
  return { format: RUN_FILE_FORMAT, version: RUN_FILE_VERSION, exportedAt: now.toISOString(), evalgateVersion: EVALGATE_VERSION, ...parts };
}

/** Drops the raw request/response of each attempt (they are the bulk of a run and not needed to compare). */
export function withoutRaw(attempt: Attempt): Attempt {
  return attempt.output ? { ...attempt, output: { ...attempt.output, raw: { request: null, response: null } } } : attempt;
}

const header = z.object({ format: z.literal(RUN_FILE_FORMAT), version: z.number().int() }).passthrough();
const runFileSchema = z
  .object({
    format: z.literal(RUN_FILE_FORMAT),
    version: z.literal(RUN_FILE_VERSION),
    exportedAt: z.string(),
    evalgateVersion: z.string(),
    run: z.object({ id: z.string().min(1), suite: z.string().min(1), suiteHash: z.string().min(1), arms: z.array(z.object({ arm: z.string() }).passthrough()) }).passthrough(),
    suite: z.object({ name: z.string(), hash: z.string(), source: z.unknown() }),
    cases: z.array(z.object({ id: z.string(), tags: z.array(z.string()), vars: z.record(z.string(), z.unknown()), varsHash: z.string() })),
    attempts: z.array(z.object({ runId: z.string(), caseId: z.string(), arm: z.string(), repeat: z.number().int().min(0), status: z.enum(["ok", "error"]) }).passthrough()),
    comparisons: z.array(z.object({ id: z.string(), baselineRunId: z.string(), candidateRunId: z.string(), verdict: z.object({ status: z.string() }).passthrough() }).passthrough()),
  })
  .passthrough();

/**
 * Checks a parsed run file: its format, its version (a newer one is refused with the
 * version that wrote it), and the shape of what it holds. `where` names the file in errors.
 */
export function parseRunFile(value: unknown, where: string): RunFile {
  const head = header.safeParse(value);
  if (!head.success) {
    throw new EvalgateError("RUN_FILE_INVALID", `${where} is not an evalgate run file (no "format": "${RUN_FILE_FORMAT}")`, {
      hint: "write one with `evalgate export <RUNREF> --out run.json`",
    });
  }
  if (head.data.version > RUN_FILE_VERSION) {
    throw new EvalgateError("RUN_FILE_INVALID", `${where} is run file version ${head.data.version}; this evalgate (${EVALGATE_VERSION}) reads up to version ${RUN_FILE_VERSION}`, {
      hint: "upgrade evalgate, or export the run again with this version",
    });
  }
  const parsed = runFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? issue.path.join(".") : "";
    throw new EvalgateError("RUN_FILE_INVALID", `${where} is not a valid run file: ${path ? `${path}: ` : ""}${issue?.message ?? "invalid"}`, {
      hint: "export it again with `evalgate export`; run files are not meant to be edited by hand",
    });
  }
  const file = parsed.data as unknown as RunFile;
  const foreign = file.attempts.find((a) => a.runId !== file.run.id);
  if (foreign) {
    throw new EvalgateError("RUN_FILE_INVALID", `${where} holds an attempt of run ${foreign.runId}, not of its run ${file.run.id}`, { hint: "export it again with `evalgate export`" });
  }
  return file;
}
