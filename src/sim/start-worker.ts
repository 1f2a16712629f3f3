/**
 * The simulator in a worker thread (docs/design/architecture.md §7): a run and its in-process
 * simulator each get a core instead of sharing one event loop. This module is what the run's
 * thread loads, so it imports nothing heavy: Fastify and the tokenizer load in the worker.
 */
import { existsSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
// core's small files, not its index (whose zod schemas the run's thread loads later): `evalgate run` spawns this thread first thing.
import { EvalgateError } from "../core/errors.js";
import type { AnswerIndex } from "../core/sim-answers.js";
import type { SimConfig, SimConfigInput } from "../core/sim-config.js";
import type { RunningSimulator } from "./listen.js";
import { deserializeError, type FromWorker, type ToWorker, type WorkerStartOptions } from "./worker-protocol.js";

export type { WorkerStartOptions } from "./worker-protocol.js";

export interface SimulatorWorker extends RunningSimulator {
  /**
   * Settles (with an EvalgateError INTERNAL) if the simulator's thread dies while it runs;
   * stays pending otherwise, and after close.
   */
  readonly failed: Promise<Error>;
}

/** A simulator thread that is loading its modules and waits for its config. */
export interface PendingSimulator {
  /** Starts the server on 127.0.0.1; on failure the thread is stopped and the server's own error thrown. */
  /**
   * Starts the server on 127.0.0.1 with a validated config (a loaded suite's `sim`, or
   * resolveSimConfig's): the simulator's thread loads no zod to check it again.
   */
  start(config: SimConfig, answerIndex?: AnswerIndex, options?: WorkerStartOptions): Promise<SimulatorWorker>;
  /** Stops the server and ends the thread, started or not. Safe to call more than once. */
  close(): Promise<void>;
}

/** The compiled worker beside this module (dist/sim/worker.js; dist/bundle/worker.js in the CLI's bundle). */
const WORKER_FILE = new URL("./worker.js", import.meta.url);
/** How long a closing server may take to stop before its thread is ended anyway. */
const CLOSE_GRACE_MS = 2_000;

/**
 * Spawns the simulator's thread now, so it loads while this thread works, and returns the
 * handle to start it with. Run from the TypeScript sources (vitest) there is no compiled
 * worker to load, and the simulator runs in this thread instead, behind the same interface.
 */
export function spawnSimulatorWorker(): PendingSimulator {
  if (!existsSync(fileURLToPath(WORKER_FILE))) return inThisThread();
  return new ThreadSimulator(new Worker(WORKER_FILE, { resourceLimits: { maxYoungGenerationSizeMb: SIM_YOUNG_GENERATION_MB } }));
}

/**
 * The simulator thread's young generation (V8's default, three 16 MB semi-spaces' worth): the
 * `evalgate` process caps its own at 4 MB a semi-space (bin/evalgate.js), which would make a
 * thread that renders every reply collect several times as often.
 */
const SIM_YOUNG_GENERATION_MB = 48;

/** startSimulator, on a thread of its own. */
export async function startSimulatorWorker(
  config: SimConfigInput | SimConfig,
  answerIndex?: AnswerIndex,
  options: WorkerStartOptions = {},
): Promise<SimulatorWorker> {
  const { resolveSimConfig } = await import("./config.js");
  return spawnSimulatorWorker().start(resolveSimConfig(config), answerIndex, options);
}

class ThreadSimulator implements PendingSimulator {
  private readonly requestCounter = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  /** Why the thread ended (an uncaught error, else its exit code); settles once it has. */
  private readonly ended: Promise<Error>;
  private closing: Promise<void> | undefined;
  private started = false;

  constructor(private readonly worker: Worker) {
    // A thread still loading keeps nothing alive: a process that never starts it (a flag
    // error before the run, say) exits as if it had not been spawned. start() holds it.
    worker.unref();
    this.ended = new Promise((resolve) => {
      let error: Error | undefined;
      worker.on("error", (e) => (error ??= e));
      // A reply that cannot be read would leave its caller waiting: end the thread instead.
      worker.on("messageerror", (e) => {
        error ??= e;
        void worker.terminate();
      });
      worker.once("exit", (code) => resolve(error ?? new Error(`its thread exited with code ${code}`)));
    });
  }

  async start(config: SimConfig, answerIndex?: AnswerIndex, options: WorkerStartOptions = {}): Promise<SimulatorWorker> {
    this.started = true;
    this.worker.ref();
    const reply = this.nextMessage((m) => m.type === "listening" || m.type === "failed");
    try {
      this.post({ type: "start", config, answerIndex, options, requestCounter: this.requestCounter });
    } catch (error) {
      await this.close();
      throw error;
    }
    const outcome = await Promise.race([reply, this.ended]);
    if (!(outcome instanceof Error) && outcome.type === "listening") return this.running(outcome.url, outcome.port);
    await this.close();
    throw outcome instanceof Error ? threadFailed(outcome) : outcome.type === "failed" ? deserializeError(outcome.error) : threadFailed(new Error("no reply"));
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      // A server that was started stops first (its request log is flushed); a thread still loading just ends.
      if (this.started) {
        const closed = this.nextMessage((m) => m.type === "closed" || m.type === "failed");
        this.post({ type: "close" });
        await Promise.race([closed, this.ended, delay(CLOSE_GRACE_MS, undefined, { ref: false })]);
      }
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private running(url: string, port: number): SimulatorWorker {
    const failed = new Promise<Error>((resolve) => {
      void this.ended.then((reason) => {
        if (!this.closing) resolve(threadFailed(reason));
      });
    });
    return { url, port, failed, requestCount: () => Atomics.load(this.requestCounter, 0), close: () => this.close() };
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  private nextMessage(wanted: (m: FromWorker) => boolean): Promise<FromWorker> {
    return new Promise((resolve) => {
      const listener = (m: FromWorker) => {
        if (!wanted(m)) return;
        this.worker.off("message", listener);
        resolve(m);
      };
      this.worker.on("message", listener);
    });
  }
}

function threadFailed(reason: Error): EvalgateError {
  return new EvalgateError("INTERNAL", `the simulator's worker thread failed: ${reason.message}`, {
    cause: reason,
    hint: "`evalgate sim --suite FILE` runs the simulator alone, in a process of its own, to reproduce it",
  });
}

/** The fallback when there is no compiled worker: listenSimulator in this thread. */
function inThisThread(): PendingSimulator {
  let started: RunningSimulator | undefined;
  let closing: Promise<void> | undefined;
  // Once started, one close however often it is asked (a run closes its simulator, and so does the caller's finally).
  const close = (): Promise<void> => (started ? (closing ??= started.close()) : Promise.resolve());
  return {
    async start(config, answerIndex, options = {}) {
      const { listenSimulator } = await import("./listen.js");
      started = await listenSimulator(config, answerIndex, options);
      return { ...started, close, failed: new Promise<Error>(() => {}) };
    },
    close,
  };
}
