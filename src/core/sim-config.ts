import { z } from "zod";

/** Simulator behaviour (docs/design/architecture.md §7): the suite's `sim:` key or `--sim-config FILE`. */
export const simLatencySchema = z
  .object({
    ttft_ms: z.number().min(0).default(0),
    tokens_per_s: z.number().positive().optional(),
    /** Relative jitter, 0..1: each delay is scaled by a factor in [1 − jitter, 1 + jitter]. */
    jitter: z.number().min(0).max(1).default(0),
  })
  .strict();

export const simFaultsSchema = z
  .object({
    rate_limit: z.number().min(0).max(1).default(0),
    server_error: z.number().min(0).max(1).default(0),
    /** Hang past the client's timeout. */
    timeout: z.number().min(0).max(1).default(0),
    /** Cut a stream mid-way; half close cleanly, half reset the connection. */
    broken_stream: z.number().min(0).max(1).default(0),
    /** Streams only: an error mid-way, in the stream (Chat an `error` chunk, Responses an `error` event), and no end. */
    stream_error: z.number().min(0).max(1).default(0),
    /** The model fails after it started: a Responses stream ends with `response.failed`, a Chat stream with an `error` chunk; unstreamed, a 500. */
    response_failed: z.number().min(0).max(1).default(0),
  })
  .strict();

/** Faults of a model answering as a judge (docs/graders.md): each a probability per judge request. */
export const simJudgeFaultsSchema = z
  .object({
    /** A reply that is not valid JSON. */
    invalid_json: z.number().min(0).max(1).default(0),
    /** A refusal instead of a verdict. */
    refusal: z.number().min(0).max(1).default(0),
    /** A score outside the declared range, or a label / choice not offered. */
    out_of_range: z.number().min(0).max(1).default(0),
  })
  .strict();

export const simModelSchema = z
  .object({
    accuracy: z.number().min(0).max(1).default(0.9),
    reasoning: z.boolean().optional(),
    latency: simLatencySchema.optional(),
    faults: simFaultsSchema.optional(),
    judge: simJudgeFaultsSchema.optional(),
    /** Chance that a cacheable prompt prefix (1,024+ tokens) is reported cached, per (seed, model, prefix, repeat). */
    cache_hit_rate: z.number().min(0).max(1).optional(),
  })
  .strict();

/** The Batch API's pace (docs/simulator.md "Batches"): how long each stage of a batch lasts. */
export const simBatchSchema = z
  .object({
    /** Seconds a batch spends in each of validating, in_progress and finalizing (and cancelling). */
    seconds_per_stage: z.number().min(0).max(3600).default(1),
    /** Seconds after creation at which an unfinished batch expires (the real window is 24 h). */
    expire_after_s: z.number().positive().default(86_400),
  })
  .strict();

export const simConfigSchema = z
  .object({
    seed: z.number().int().default(0),
    /** Answer key: a template over case vars (rendered by the suite, not the simulator). */
    answer: z.unknown().optional(),
    models: z.record(z.string(), simModelSchema).default({}),
    reject_keys: z.array(z.string()).default([]),
    /** Seconds announced in `retry-after` on an injected 429 (retry-after-ms carries ms). */
    retry_after_ms: z.number().int().min(0).default(20),
    /** How long an injected hang lasts before the socket is closed. */
    hang_ms: z.number().int().min(0).default(30_000),
    /**
     * Stored chat completions (`GET /v1/chat/completions…`): seeded from a logged-exchange JSONL
     * (`file`, relative to the working directory; `evalgate sim --stored FILE`), and kept from
     * requests sent with `store: true`, at most `max` in memory (the oldest dropped first).
     */
    stored: z.object({ file: z.string().min(1).optional(), max: z.number().int().positive().default(10_000) }).strict().optional(),
    batch: simBatchSchema.default({ seconds_per_stage: 1, expire_after_s: 86_400 }),
  })
  .strict();

export type SimLatency = z.infer<typeof simLatencySchema>;
export type SimFaults = z.infer<typeof simFaultsSchema>;
export type SimJudgeFaults = z.infer<typeof simJudgeFaultsSchema>;
export type SimBatchConfig = z.infer<typeof simBatchSchema>;
export type SimModelConfig = z.infer<typeof simModelSchema>;
export type SimConfig = z.infer<typeof simConfigSchema>;
export type SimConfigInput = z.input<typeof simConfigSchema>;

export * from "./sim-answers.js";
