import type { BatchLineError } from "./input-lines.js";

export type BatchStatus = "validating" | "failed" | "in_progress" | "finalizing" | "completed" | "expired" | "cancelling" | "cancelled";

/** When each status began (ms since the epoch), as the batch object's `*_at` fields report them. */
export type BatchTimes = Partial<Record<"in_progress" | "finalizing" | "completed" | "failed" | "expired" | "cancelling" | "cancelled", number>>;

/** What the simulator holds of one batch. */
export interface SimBatch {
  id: string;
  endpoint: string;
  inputFileId: string;
  completionWindow: string;
  metadata: Record<string, string> | null;
  createdAtMs: number;
  expiresAtMs: number;
  status: BatchStatus;
  /** When the current status began: its stage ends `seconds_per_stage` later. */
  stageStartMs: number;
  times: BatchTimes;
  model: string | null;
  errors: BatchLineError[];
  counts: { total: number; completed: number; failed: number };
  outputFileId: string | null;
  errorFileId: string | null;
}

export const TERMINAL: ReadonlySet<BatchStatus> = new Set(["failed", "completed", "expired", "cancelled"]);

const sec = (ms: number) => Math.floor(ms / 1000);

/** The spec's `Batch` object; a field not yet known is left out (the spec declares none nullable but metadata). */
export function batchObject(b: SimBatch): Record<string, unknown> {
  const times: Record<string, number> = {};
  for (const [status, ms] of Object.entries(b.times)) times[`${status}_at`] = sec(ms);
  return {
    id: b.id,
    object: "batch",
    endpoint: b.endpoint,
    ...(b.model ? { model: b.model } : {}),
    ...(b.errors.length ? { errors: { object: "list", data: b.errors } } : {}),
    input_file_id: b.inputFileId,
    completion_window: b.completionWindow,
    status: b.status,
    ...(b.outputFileId ? { output_file_id: b.outputFileId } : {}),
    ...(b.errorFileId ? { error_file_id: b.errorFileId } : {}),
    created_at: sec(b.createdAtMs),
    expires_at: sec(b.expiresAtMs),
    ...times,
    request_counts: b.counts,
    metadata: b.metadata,
  };
}
