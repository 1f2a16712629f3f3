import type { AnswerIndex } from "../core/sim-answers.js";
import type { SimConfig } from "../core/sim-config.js";
import { createSimApp } from "./app.js";

export interface StartSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only: the simulator never listens beyond this machine. */
  host?: "127.0.0.1";
  logFile?: string;
  /** ms since the epoch, for determinism. */
  clock?: () => number;
  /** See SimAppOptions.requestCounter. */
  requestCounter?: Int32Array;
}

export interface RunningSimulator {
  /** What an SDK's baseURL takes, e.g. http://127.0.0.1:8787/v1. */
  url: string;
  port: number;
  close(): Promise<void>;
  requestCount(): number;
}

/**
 * Starts the simulator on 127.0.0.1 with a config already validated (resolveSimConfig): what
 * the simulator's thread runs, which loads no zod (src/sim/start-worker.ts validates on the
 * run's thread). Close it to free the port; hung requests don't delay that.
 */
export async function listenSimulator(
  config: SimConfig,
  answerIndex?: AnswerIndex,
  options: StartSimulatorOptions = {},
): Promise<RunningSimulator> {
  const { app, requestCount } = createSimApp(config, answerIndex, {
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.requestCounter ? { requestCounter: options.requestCounter } : {}),
  });
  await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requestCount,
    close: async () => {
      await app.close();
    },
  };
}
