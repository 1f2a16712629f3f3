import type { Attempt } from "../core/index.js";

export interface AttemptStartedEvent {
  caseId: string;
  arm: string;
  repeat: number;
}

export interface RunCounts {
  planned: number;
  /** Attempts already stored before this execution (resume); not sent again. */
  skipped: number;
  finished: number;
  errors: number;
  passed: number;
  failed: number;
  /** Spend of this execution's attempts; null parts (unknown prices) counted apart. */
  costUsd: number;
  unknownCost: number;
}

export type RunOutcomeStatus = "completed" | "interrupted" | "budget-stopped" | "failed";

export interface RunFinishedEvent {
  status: RunOutcomeStatus;
  counts: RunCounts;
  wallMs: number;
}

/** Typed events the runner emits (docs/design/architecture.md §2); the store and reporters subscribe. */
export interface RunnerEvents {
  "attempt-started": AttemptStartedEvent;
  "attempt-finished": { attempt: Attempt };
  "run-finished": RunFinishedEvent;
}

type Listener<T> = (payload: T) => void;

export class RunnerEmitter {
  private readonly listeners: { [K in keyof RunnerEvents]?: Array<Listener<RunnerEvents[K]>> } = {};

  on<K extends keyof RunnerEvents>(event: K, listener: Listener<RunnerEvents[K]>): this {
    const list = (this.listeners[event] ??= []) as Array<Listener<RunnerEvents[K]>>;
    list.push(listener);
    return this;
  }

  /** Listeners run synchronously in order; a listener that throws stops the run (e.g. the store failing). */
  emit<K extends keyof RunnerEvents>(event: K, payload: RunnerEvents[K]): void {
    for (const listener of this.listeners[event] ?? []) (listener as Listener<RunnerEvents[K]>)(payload);
  }
}
