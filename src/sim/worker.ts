/**
 * The simulator's own thread (started by start-worker.ts; docs/design/architecture.md §7).
 * Its imports — Fastify, the tokenizer, the behaviour engine — load as soon as the thread
 * exists, while the run's thread is still reading the suite; the config and the answer
 * index arrive afterwards, in one message.
 */
import { parentPort } from "node:worker_threads";
import { listenSimulator, type RunningSimulator } from "./listen.js";
import { countTokens } from "./tokens.js";
import { serializeError, type FromWorker, type ToWorker } from "./worker-protocol.js";

// The tokenizer is built on this thread's next turn, while the run's thread reads its suite
// (in the CLI's bundle from its rank table, ~20 ms: src/sim/rank-file.ts). The first
// request's count would wait for it; the config comes only once the suite is read.
setImmediate(() => countTokens("a simulator ready to count"));

const port = parentPort;
if (!port) throw new Error("src/sim/worker.ts runs in a worker thread: start it with startSimulatorWorker()");
const reply = (message: FromWorker) => port.postMessage(message);

let running: Promise<RunningSimulator | undefined> = Promise.resolve(undefined);

port.on("message", (message: ToWorker) => {
  if (message.type === "start") {
    const { config, answerIndex, options, requestCounter } = message;
    running = listenSimulator(config, answerIndex, { ...options, requestCounter }).then(
      (sim) => {
        reply({ type: "listening", url: sim.url, port: sim.port });
        return sim;
      },
      (error: unknown) => {
        reply({ type: "failed", error: serializeError(error) });
        return undefined;
      },
    );
  } else if (message.type === "close") {
    // A close that arrives while the server is still starting waits for it, then stops it.
    void running
      .then((sim) => sim?.close())
      .then(
        () => reply({ type: "closed" }),
        (error: unknown) => reply({ type: "failed", error: serializeError(error) }),
      )
      .finally(() => port.close());
  }
});
