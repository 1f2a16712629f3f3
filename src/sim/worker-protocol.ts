import { ERROR_CODES, EvalgateError, type ErrorCode, type SourceLocation } from "../core/errors.js";
import type { AnswerIndex } from "../core/sim-answers.js";
import type { SimConfig } from "../core/sim-config.js";

/** What the simulator's thread accepts: StartSimulatorOptions less what cannot cross threads (a clock function). */
export interface WorkerStartOptions {
  port?: number;
  logFile?: string;
}

/** From the run's thread to the simulator's (src/sim/worker.ts). */
export type ToWorker =
  | {
      type: "start";
      /** Validated by the run's thread (resolveSimConfig): the simulator's thread loads no zod. */
      config: SimConfig;
      answerIndex: AnswerIndex | undefined;
      options: WorkerStartOptions;
      /** Over a SharedArrayBuffer: the worker counts requests in it, the run's thread reads it. */
      requestCounter: Int32Array;
    }
  | { type: "close" };

/** From the simulator's thread back. */
export type FromWorker =
  | { type: "listening"; url: string; port: number }
  | { type: "failed"; error: SerializedError }
  | { type: "closed" };

/**
 * An error as it crosses threads: a structured clone keeps an Error's message and stack but
 * drops its own fields, and an EvalgateError's code and hint are what the CLI prints.
 */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** A Node system error's code (EADDRINUSE…). */
  code?: string;
  evalgate?: { code: ErrorCode; hint?: string; location?: SourceLocation };
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof EvalgateError) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack ? { stack: error.stack } : {}),
      evalgate: { code: error.code, ...(error.hint ? { hint: error.hint } : {}), ...(error.location ? { location: error.location } : {}) },
    };
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}), ...(typeof code === "string" ? { code } : {}) };
  }
  return { name: "Error", message: String(error) };
}

/** The error the worker threw, rebuilt: the same class, code, message and hint as startSimulator's in this thread. */
export function deserializeError(s: SerializedError): Error {
  const known = s.evalgate && s.evalgate.code in ERROR_CODES ? s.evalgate : undefined;
  const error: Error = known
    ? new EvalgateError(known.code, s.message, { ...(known.hint ? { hint: known.hint } : {}), ...(known.location ? { location: known.location } : {}) })
    : Object.assign(new Error(s.message), s.code ? { code: s.code } : {});
  if (!known) error.name = s.name;
  if (s.stack) error.stack = s.stack;
  return error;
}
