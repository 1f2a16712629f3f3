import { setMaxListeners } from "node:events";
import type { Attempt, BatchJournal, Cost, GenerateRequest, Output, Score, ToolHost, ToolLoopSpec } from "../core/index.js";
import { attemptKeyString, EvalgateError, parseArmId } from "../core/index.js";
import { runBatches, type BatchRunInput } from "./batch-runner.js";
import type { AttemptBudget } from "./budget.js";
import { isBatchExecutor, type AttemptExecutor, type BatchExecutor, type Executor, type GenerateOutcome } from "./executor.js";
import { runScheduled } from "./scheduler.js";
import { runToolLoop } from "./tool-loop.js";
import { RunnerEmitter, type RunCounts, type RunFinishedEvent, type RunOutcomeStatus } from "./events.js";

/** What the runner needs of a planned attempt (the suite planner's PlannedAttempt fits). */
export interface RunnableAttempt {
  caseId: string;
  arm: string;
  repeat: number;
  request: GenerateRequest;
  /** A tool loop: the runner plays it with the attempt's tool host (tool-loop.ts). */
  loop?: ToolLoopSpec;
}

export type { AttemptExecutor, GenerateOutcome };

export interface Grading {
  scores: Score[];
  score: number | null;
  pass: boolean | null;
}

export interface RunnerOptions<A extends RunnableAttempt> {
  runId: string;
  attempts: readonly A[];
  executorFor(attempt: A): Executor;
  grade(attempt: A, output: Output, cost: Cost): Promise<Grading>;
  costOf(attempt: A, output: Output): Cost;
  /** The tools of a loop attempt, run for its case (required when an attempt has `loop`). */
  toolHost?(attempt: A): ToolHost;
  /** Whether the attempt's endpoint is the built-in simulator. */
  simulated(attempt: A): boolean;
  /** Global cap on attempts in flight. */
  concurrency: number;
  /** Per-target cap (under the global one); undefined = only the global cap. */
  targetConcurrency?(targetId: string): number | undefined;
  /** Keys (core attemptKeyString) of attempts already stored: never sent again. */
  skip?: ReadonlySet<string>;
  /** Each attempt reserves its worst-case cost before it is sent; a refusal stops the run (budget-stopped). */
  budget?: AttemptBudget<A>;
  /** Where batch executors record their chunks' intents (required when an arm has one). */
  batchJournal?: BatchJournal;
  /** Grades a batch chunk's attempts together, their judge calls in batches too (`--batch-judges`, judge-waves.ts). */
  gradeTogether?: BatchRunInput<A>["gradeTogether"];
  signal?: AbortSignal;
  now?: () => Date;
}


/** An attempt with no response was not billed. */
const NOTHING_BILLED: Cost = { usd: 0, inputUsd: 0, outputUsd: 0 };

/**
 * Runs every planned attempt through its executor under the concurrency caps, grades it,
 * and emits `attempt-finished` as soon as it is done (the store writes it then). Attempts
 * cancelled by the signal are not emitted: they never finished, so a resume runs them.
 */
export class Runner<A extends RunnableAttempt> extends RunnerEmitter {
  /** A batch arm needs somewhere to record its intents before anything is submitted. */
  private assertJournal(batchArms: readonly A[]): void {
    const first = batchArms[0];
    if (first && !this.options.batchJournal) {
      throw new EvalgateError("INTERNAL", `arm ${first.arm} has a batch executor, but the runner was given no batch journal to record its batches in`);
    }
  }

  private readonly counts: RunCounts;
  private budgetStopped = false;

  constructor(private readonly options: RunnerOptions<A>) {
    super();
    // Every attempt in flight listens to the run's signal (and removes its listener after).
    if (options.signal) setMaxListeners(Math.max(1, options.concurrency) * 2 + 10, options.signal);
    this.counts = { planned: options.attempts.length, skipped: 0, finished: 0, errors: 0, passed: 0, failed: 0, costUsd: 0, unknownCost: 0 };
  }

  async run(): Promise<RunFinishedEvent> {
    const batchArms = this.options.attempts.filter((a) => isBatchExecutor(this.options.executorFor(a)));
    this.assertJournal(batchArms);
    const started = performance.now();
    const todo: A[] = [];
    for (const attempt of this.options.attempts) {
      if (this.options.skip?.has(attemptKeyString(attempt.caseId, attempt.arm, attempt.repeat))) {
        this.counts.skipped++;
        continue;
      }
      if (!isBatchExecutor(this.options.executorFor(attempt))) todo.push(attempt);
    }
    // Started in order as slots free up: a queued attempt holds no promise until it runs.
    const live = runScheduled({
      items: todo,
      concurrency: this.options.concurrency,
      groupOf: (attempt) => parseArmId(attempt.arm).targetId,
      capOf: (targetId) => this.options.targetConcurrency?.(targetId),
      run: (attempt) => this.execute(attempt),
    });
    const batched = batchArms.length === 0 ? Promise.resolve() : this.runBatchArms(batchArms);
    const [liveDone, batchDone] = await Promise.allSettled([live, batched]);
    if (liveDone.status === "rejected") throw liveDone.reason;
    if (batchDone.status === "rejected") throw batchDone.reason;
    const event: RunFinishedEvent = { status: this.outcome(), counts: { ...this.counts }, wallMs: performance.now() - started };
    this.emit("run-finished", event);
    return event;
  }

  /** The arms sent through a batch executor (batch-runner.ts): each outcome recorded as the one-at-a-time ones are. */
  private runBatchArms(planned: readonly A[]): Promise<void> {
    const now = this.options.now ?? (() => new Date());
    return runBatches({
      runId: this.options.runId,
      planned,
      ...(this.options.skip ? { skip: this.options.skip } : {}),
      executorFor: (a) => this.options.executorFor(a) as BatchExecutor,
      journal: this.options.batchJournal!,
      ...(this.options.budget ? { budget: this.options.budget } : {}),
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      started: (a) => this.emit("attempt-started", { caseId: a.caseId, arm: a.arm, repeat: a.repeat }),
      finish: (a, outcome, startedAt, settle) => this.record(a, outcome, startedAt, now().toISOString(), settle),
      budgetStopped: () => (this.budgetStopped = true),
      ...(this.options.gradeTogether ? { gradeTogether: this.options.gradeTogether } : {}),
    });
  }

  private outcome(): RunOutcomeStatus {
    if (this.options.signal?.aborted) return "interrupted";
    if (this.budgetStopped) return "budget-stopped";
    const sent = this.counts.finished;
    if (sent > 0 && this.counts.errors === sent) return "failed";
    return "completed";
  }

  private async execute(attempt: A): Promise<void> {
    const signal = this.options.signal;
    if (signal?.aborted || this.budgetStopped) return;
    const reservation = this.options.budget ? await this.options.budget.reserve(attempt, signal) : undefined;
    if (signal?.aborted) {
      reservation?.settle(0);
      return;
    }
    if (reservation === null || this.budgetStopped) {
      reservation?.settle(0);
      // Never sent: stop here, so what remains is one resume (with a larger budget) away.
      this.budgetStopped = true;
      return;
    }
    const now = this.options.now ?? (() => new Date());
    const startedAt = now().toISOString();
    this.emit("attempt-started", { caseId: attempt.caseId, arm: attempt.arm, repeat: attempt.repeat });
    const outcome = await this.generate(attempt, signal);
    if (!outcome.ok && outcome.error.kind === "cancelled") {
      reservation?.settle(0);
      return;
    }
    await this.record(attempt, outcome, startedAt, now().toISOString(), (usd) => reservation?.settle(usd));
  }

  /** Grades and prices an outcome, settles what it cost, counts it and emits it (the store writes it then). */
  private async record(attempt: A, outcome: GenerateOutcome, startedAt: string, finishedAt: string, settle: (usd: number) => void): Promise<void> {
    const record = await this.toAttempt(attempt, outcome, startedAt, finishedAt);
    // A replayed response was not billed again.
    settle(record.replayed ? 0 : (record.cost.usd ?? 0));
    this.tally(record);
    this.emit("attempt-finished", { attempt: record });
  }

  /** One call, or a whole tool loop of calls (tool-loop.ts). */
  private generate(attempt: A, signal: AbortSignal | undefined): Promise<GenerateOutcome> {
    const executor = this.options.executorFor(attempt) as AttemptExecutor;
    if (!attempt.loop) return executor.generate(attempt.request, signal);
    if (!this.options.toolHost) throw new EvalgateError("INTERNAL", `attempt ${attempt.request.attempt} of ${attempt.arm} is a tool loop, but the runner was given no tool host`);
    return runToolLoop(executor, attempt.request, attempt.loop, this.options.toolHost(attempt), signal);
  }

  private async toAttempt(attempt: A, outcome: GenerateOutcome, startedAt: string, finishedAt: string): Promise<Attempt> {
    const base = {
      runId: this.options.runId,
      caseId: attempt.caseId,
      arm: attempt.arm,
      repeat: attempt.repeat,
      tries: outcome.tries,
      startedAt,
      finishedAt,
      replayed: outcome.ok && outcome.replayed === true,
      simulated: this.options.simulated(attempt),
    };
    if (!outcome.ok) {
      return { ...base, status: "error", output: null, error: outcome.error, cost: NOTHING_BILLED, scores: [], score: null, pass: null };
    }
    const cost = this.options.costOf(attempt, outcome.output);
    const grading = await this.options.grade(attempt, outcome.output, cost);
    return { ...base, status: "ok", output: outcome.output, error: null, cost, ...grading };
  }

  private tally(a: Attempt): void {
    this.counts.finished++;
    if (a.status === "error") this.counts.errors++;
    else if (a.pass) this.counts.passed++;
    else this.counts.failed++;
    if (a.status === "ok") {
      if (a.cost.usd === null) this.counts.unknownCost++;
      else this.counts.costUsd += a.cost.usd;
    }
  }
}
