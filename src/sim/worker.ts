/**
 * The simulator's own thread (started by start-worker.ts; docs/design/architecture.md §7).
 * Its imports — Fastify, the tokenizer, the behaviour engine — load as soon as the thread
 * exists, while the run's thread is still reading the suite; the config and the answer
 * index arrive afterwards, in one message.
 */
import { parentPort } from "node:worker_threads";
import { startSimulator, type RunningSimulator } from "./server.js";
import { countTokens, preloadTokenizer } from "./tokens.js";
import { serializeError, type FromWorker, type ToWorker } from "./worker-protocol.js";

const warmTokenizer = () => countTokens("a simulator ready to count");
// The tokenizer's ranks are read and split now, while the run's thread reads its suite and the
// config is on its way; the tokenizer itself is built once the server listens (below).
void preloadTokenizer();

const port = parentPort;
if (!port) throw new Error("src/sim/worker.ts runs in a worker thread: start it with startSimulatorWorker()");
const reply = (message: FromWorker) => port.postMessage(message);

let running: Promise<RunningSimulator | undefined> = Promise.resolve(undefined);

port.on("message", (message: ToWorker) => {
  if (message.type === "start") {
    const { config, answerIndex, options, requestCounter } = message;
    running = startSimulator(config, answerIndex, { ...options, requestCounter }).then(
      (sim) => {
        reply({ type: "listening", url: sim.url, port: sim.port });
        // The CLI's bundle builds the tokenizer on first use (scripts/bundle-cli.js): built
        // now, while the run's thread creates its run, not on the first request's time.
        setImmediate(warmTokenizer);
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
