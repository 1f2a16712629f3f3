import { attemptKeyString, type BatchJournal, type GenerateRequest } from "../core/index.js";
import type { AttemptBudget } from "./budget.js";
import type { BatchExecutor, BatchHandle, GenerateOutcome } from "./executor.js";

/** What the batch path needs of a planned attempt (the runner's RunnableAttempt). */
export interface BatchableAttempt {
  caseId: string;
  arm: string;
  repeat: number;
  request: GenerateRequest;
}

/** The runner's side of a batch run: how an outcome is recorded, and what it counts. */
export interface BatchRunInput<A extends BatchableAttempt> {
  runId: string;
  /** Every planned attempt of the batch arms, in plan order: chunks are cut from the whole plan, so a resume cuts the same ones. */
  planned: readonly A[];
  /** Attempts already stored: not sent, and not recorded again when their batch reports them. */
  skip?: ReadonlySet<string>;
  executorFor(attempt: A): BatchExecutor;
  journal: BatchJournal;
  budget?: AttemptBudget<A>;
  signal?: AbortSignal;
  /** A chunk's attempts were submitted (or their batch found). */
  started(attempt: A): void;
  /** Records an outcome; `settle` takes what it cost. */
  finish(attempt: A, outcome: GenerateOutcome, startedAt: string, settle: (usd: number) => void): Promise<void>;
  /** A chunk did not fit the budget: nothing more is submitted. */
  budgetStopped(): void;
  /**
   * Records a chunk's outcomes together (`--batch-judges`: their judge calls go out in waves,
   * judge-waves.ts); without it each is recorded as it is read. Tasks it leaves unsettled are
   * not recorded: a resume collects them again.
   */
  gradeTogether?(chunk: { id: string; arm: string }, tasks: ReadonlyArray<() => Promise<void>>): Promise<void>;
}

interface Chunk<A> {
  id: string;
  arm: string;
  attempts: A[];
}

/**
 * Runs the batch arms (docs/reliability.md "Batch runs"): cuts each arm's planned attempts
 * into chunks at its provider's limits, then for each chunk with attempts left to store —
 * one at a time, so each is checked against the budget whole before it is submitted —
 * submits it (the executor records the intent first, or finds the batch an earlier process
 * made) and collects it while the next is submitted. A chunk whose intent was recorded by
 * an earlier process was checked then, and is charged as its attempts arrive. The first
 * error stops every chunk and is thrown once they have stopped: what they collected is
 * recorded, and a resume continues from the journal.
 */
export async function runBatches<A extends BatchableAttempt>(input: BatchRunInput<A>): Promise<void> {
  const stop = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, stop.signal]) : stop.signal;
  const collecting: Array<Promise<void>> = [];
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
    stop.abort();
  };
  try {
    for (const chunk of cutChunks(input)) {
      if (signal.aborted) break;
      const todo = chunk.attempts.filter((a) => !input.skip?.has(attemptKeyString(a.caseId, a.arm, a.repeat)));
      if (todo.length === 0) continue;
      const resumed = (await input.journal.get(chunk.id)) !== undefined;
      const held = resumed || !input.budget ? undefined : await input.budget.reserveAll(todo, signal);
      if (held === null) {
        input.budgetStopped();
        break;
      }
      const settles = todo.map((_, i) => held?.[i] ? (usd: number) => held[i]!.settle(usd) : (usd: number) => input.budget?.charge(usd));
      let handle: BatchHandle;
      try {
        handle = await input.executorFor(todo[0]!).submit({ runId: input.runId, id: chunk.id, arm: chunk.arm, requests: todo.map((a) => a.request) }, input.journal, signal);
      } catch (error) {
        for (const settle of settles) settle(0);
        throw error;
      }
      for (const a of todo) input.started(a);
      collecting.push(collectChunk(input, chunk, handle, todo, settles, signal).catch(fail));
    }
  } catch (error) {
    fail(error);
  }
  await Promise.all(collecting);
  // Stopped by the caller (Ctrl-C): an interrupted run, not a failed one.
  if (failure && !input.signal?.aborted) throw failure.error;
}

/** Each arm's planned attempts, in plan order, cut where its executor's limits fall: `ARM#0`, `ARM#1`… */
function cutChunks<A extends BatchableAttempt>(input: BatchRunInput<A>): Array<Chunk<A>> {
  const byArm = new Map<string, A[]>();
  for (const a of input.planned) {
    const list = byArm.get(a.arm) ?? [];
    list.push(a);
    byArm.set(a.arm, list);
  }
  const chunks: Array<Chunk<A>> = [];
  for (const [arm, attempts] of byArm) {
    input.executorFor(attempts[0]!).split(attempts).forEach((part, i) => chunks.push({ id: `${arm}#${i}`, arm, attempts: part }));
  }
  return chunks;
}

async function collectChunk<A extends BatchableAttempt>(
  input: BatchRunInput<A>,
  chunk: Chunk<A>,
  handle: BatchHandle,
  todo: readonly A[],
  settles: ReadonlyArray<(usd: number) => void>,
  signal: AbortSignal,
): Promise<void> {
  const startedAt = new Date().toISOString();
  const waiting = new Map(todo.map((a, i) => [a.request.attempt, { attempt: a, settle: settles[i]! }]));
  const together: Array<() => Promise<void>> = [];
  try {
    for await (const { attempt, outcome } of input.executorFor(todo[0]!).collect(handle, signal)) {
      const entry = waiting.get(attempt);
      // Stored before (a resumed chunk), or not this run's: nothing to record.
      if (!entry) continue;
      if (!outcome.ok && outcome.error.kind === "cancelled") {
        waiting.delete(attempt);
        entry.settle(0);
        continue;
      }
      const record = async () => {
        await input.finish(entry.attempt, outcome, startedAt, entry.settle);
        waiting.delete(attempt);
      };
      if (input.gradeTogether) together.push(record);
      else await record();
    }
    if (together.length) await input.gradeTogether!({ id: chunk.id, arm: chunk.arm }, together);
  } finally {
    // Not reported (the run was stopped): unrecorded, so a resume collects them.
    for (const { settle } of waiting.values()) settle(0);
  }
}
