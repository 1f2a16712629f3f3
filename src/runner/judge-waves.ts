import { AsyncLocalStorage } from "node:async_hooks";
import type { BatchIntent, BatchJournal, GenerateRequest, Output } from "../core/index.js";
import type { BatchExecutor, GenerateOutcome } from "./executor.js";

/**
 * Judge calls through the Batch API (`run --batch --batch-judges`, docs/reliability.md
 * "Batch runs"). A batch chunk's attempts are graded together, each in its own async
 * context; a judge call made while grading is not sent but queued, and once every attempt
 * still grading waits on at least one judge call, the queue goes out as one batch per judge
 * (a *wave*). Its verdicts resume the gradings, which may queue the next wave (a grader
 * that asks twice, or one judge after another), until every attempt is graded.
 *
 * Never submitted twice: a wave's batch goes through the judge's batch executor, which
 * records its intent (the input file and the custom ids of its lines) before it creates the
 * batch. Each request's custom id is its attempt tag and a hash of the request
 * (`CASE/REPEAT#KEY`), so a resumed run, whose waves may be cut differently, looks every
 * request up in the intents already recorded for the chunk and collects the batch that holds
 * it; only requests no intent holds are submitted, under a new chunk id.
 */

export interface JudgeWavesOptions {
  runId: string;
  /** The judge's batch executor (one per `judges:` entry that generates). */
  executorFor(judgeId: string): BatchExecutor;
  journal: BatchJournal & { list(): Promise<BatchIntent[]> };
  signal?: AbortSignal;
}

interface Pending {
  task: number;
  judgeId: string;
  request: GenerateRequest;
  resolve(output: Output): void;
  reject(error: Error): void;
}

interface Scope {
  chunk: { id: string; arm: string };
  /** Judge calls each unfinished task waits on (task index → count). */
  waiting: Map<number, number>;
  unfinished: Set<number>;
  queue: Pending[];
  flushing: boolean;
  /** A judges batch could not be submitted or collected: the chunk stops, its tasks unrecorded. */
  fail(error: unknown): void;
  stopped: boolean;
  /** A check of the flush condition is due (after the promise jobs now queued have run). */
  checking: boolean;
}

/** A judge call's batch line id: the attempt tag, then `#` and a hash of what is asked. */
export function judgeCustomId(attempt: string, key: string): string {
  return `${attempt}#${key.slice(0, 16)}`;
}

export class JudgeWaves {
  private readonly context = new AsyncLocalStorage<{ scope: Scope; task: number }>();

  constructor(private readonly options: JudgeWavesOptions) {}

  /** Whether the caller is grading inside a chunk's waves (else a judge calls live). */
  active(): boolean {
    return this.context.getStore() !== undefined;
  }

  /** Queues a judge request (its `attempt` already the unique custom id) for the current wave. */
  call(judgeId: string, request: GenerateRequest): Promise<Output> {
    const here = this.context.getStore();
    if (!here) return Promise.reject(new Error("a batched judge call was made outside a batch chunk's grading"));
    const { scope, task } = here;
    return new Promise<Output>((resolve, reject) => {
      scope.queue.push({ task, judgeId, request, resolve, reject });
      scope.waiting.set(task, (scope.waiting.get(task) ?? 0) + 1);
      this.maybeFlush(scope);
    });
  }

  /**
   * Runs a chunk's gradings together (each task in its own context) and sends their judge
   * calls in waves; resolves when every task has settled. On abort the waves stop, and a
   * judges batch that cannot be submitted or collected (the endpoint unreachable after its
   * retries) stops the chunk with that error: either way the tasks still waiting are left
   * unsettled — never recorded, so a resume grades them again from the recorded batches.
   */
  async gradeTogether(chunk: { id: string; arm: string }, tasks: ReadonlyArray<() => Promise<void>>): Promise<void> {
    let fail: (error: unknown) => void = () => {};
    const failed = new Promise<never>((_, reject) => (fail = reject));
    failed.catch(() => {}); // read by the race below; a failure after every task settled changes nothing
    const scope: Scope = { chunk, waiting: new Map(), unfinished: new Set(tasks.map((_, i) => i)), queue: [], flushing: false, stopped: false, checking: false, fail: (error) => ((scope.stopped = true), fail(error)) };
    const aborted = new Promise<void>((resolve) => {
      if (this.options.signal?.aborted) resolve();
      this.options.signal?.addEventListener("abort", () => resolve(), { once: true });
    });
    const runs = tasks.map((task, i) =>
      this.context.run({ scope, task: i }, async () => {
        try {
          await task();
        } finally {
          scope.unfinished.delete(i);
          scope.waiting.delete(i);
          this.maybeFlush(scope);
        }
      }),
    );
    const results = await Promise.race([Promise.allSettled(runs), aborted.then(() => null), failed]);
    const rejected = results?.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (rejected) throw rejected.reason;
  }

  /**
   * Checks the flush condition once the promise jobs queued now have run: a grading's graders
   * ask their judges a few promise steps apart, and should share a wave.
   */
  private maybeFlush(scope: Scope): void {
    if (scope.checking) return;
    scope.checking = true;
    setImmediate(() => {
      scope.checking = false;
      this.flushIfWaiting(scope);
    });
  }

  /** A wave goes out once every unfinished task waits on a judge call (and none is in flight). */
  private flushIfWaiting(scope: Scope): void {
    if (scope.stopped || scope.flushing || scope.queue.length === 0 || this.options.signal?.aborted) return;
    for (const task of scope.unfinished) if (!((scope.waiting.get(task) ?? 0) > 0)) return;
    scope.flushing = true;
    const wave = scope.queue.splice(0);
    void this.flush(scope, wave).finally(() => {
      scope.flushing = false;
      this.maybeFlush(scope);
    });
  }

  private async flush(scope: Scope, wave: Pending[]): Promise<void> {
    const byJudge = new Map<string, Pending[]>();
    for (const p of wave) byJudge.set(p.judgeId, [...(byJudge.get(p.judgeId) ?? []), p]);
    await Promise.all(
      [...byJudge].map(async ([judgeId, pending]) => {
        // The same request twice (two graders asking alike) is one line: custom ids are unique in a file.
        const unique = new Map(pending.map((p) => [p.request.attempt, p.request]));
        let outcomes: Map<string, GenerateOutcome>;
        try {
          outcomes = await this.answer(scope, judgeId, [...unique.values()]);
        } catch (error) {
          scope.fail(error);
          return;
        }
        // Stopping: the tasks are left waiting, never recorded, so a resume grades them again.
        if (this.options.signal?.aborted) return;
        for (const p of pending) {
          scope.waiting.set(p.task, (scope.waiting.get(p.task) ?? 1) - 1);
          const outcome = outcomes.get(p.request.attempt);
          if (outcome?.ok) p.resolve(outcome.output);
          else p.reject(new Error(outcome ? `${outcome.error.kind}: ${outcome.error.message}` : "the judges batch did not answer this request"));
        }
      }),
    );
  }

  /**
   * The outcome of each request: from the batch an earlier process recorded it in (found by
   * its custom id in the chunk's intents), else from new batches, their intents recorded first.
   */
  private async answer(scope: Scope, judgeId: string, requests: readonly GenerateRequest[]): Promise<Map<string, GenerateOutcome>> {
    const executor = this.options.executorFor(judgeId);
    const prefix = `${scope.chunk.id}~judge~${judgeId}~`;
    const intents = (await this.options.journal.list()).filter((i) => i.chunk.startsWith(prefix));
    const recordedIn = new Map<string, string>();
    for (const intent of intents) for (const id of intent.attempts) recordedIn.set(id, intent.chunk);
    const groups = new Map<string, GenerateRequest[]>();
    const fresh: GenerateRequest[] = [];
    for (const r of requests) {
      const chunk = recordedIn.get(r.attempt);
      if (chunk) groups.set(chunk, [...(groups.get(chunk) ?? []), r]);
      else fresh.push(r);
    }
    let next = Math.max(-1, ...intents.map((i) => Number(i.chunk.slice(prefix.length)))) + 1;
    for (const part of executor.split(fresh.map((request) => ({ request })))) groups.set(`${prefix}${next++}`, part.map((p) => p.request));
    const outcomes = new Map<string, GenerateOutcome>();
    const signal = this.options.signal;
    await Promise.all(
      [...groups].map(async ([id, group]) => {
        const handle = await executor.submit({ runId: this.options.runId, id, arm: scope.chunk.arm, requests: group }, this.options.journal, signal);
        for await (const { attempt, outcome } of executor.collect(handle, signal)) outcomes.set(attempt, outcome);
      }),
    );
    return outcomes;
  }
}
