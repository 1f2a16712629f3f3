import { existsSync, statSync } from "node:fs";
import type { CacheMode } from "../../runner/index.js";
import { openStoreForRefs, resumeRun } from "../../usecases/index.js";
import { reporterSpecs, type ReporterSpec } from "../reporter-flags.js";
import { checkReporters } from "../reporters.js";
import { interruptOnSigint } from "../run-output.js";
import { commonRunOptions, exitCodeFor, printRunResult } from "./run-action.js";

export interface ResumeFlags {
  db?: string;
  allowPath?: string[];
  suite?: string;
  concurrency?: number;
  maxCost?: number;
  cache?: CacheMode;
  offline?: boolean;
  json?: string;
  junit?: string;
  markdown?: string;
  reporter?: ReporterSpec[];
}

/** `evalgate resume RUNREF`: the library's resumeRun, its summary and reports as `run` prints them; returns the exit code. */
export async function resumeAction(ref: string, flags: ResumeFlags): Promise<number> {
  const specs = reporterSpecs(flags);
  await checkReporters(specs);
  // --suite names a file when one is there, else a suite.
  const isFile = flags.suite !== undefined && existsSync(flags.suite) && statSync(flags.suite).isFile();
  const store = await openStoreForRefs(flags.db, [ref]);
  const controller = interruptOnSigint();
  try {
    const common = commonRunOptions(flags.suite ?? ref, flags, controller.signal);
    const result = await resumeRun(ref, { ...common, store, dbPath: flags.db, ...(isFile ? { suiteFile: flags.suite } : flags.suite !== undefined ? { suite: flags.suite } : {}) });
    await printRunResult(result, store, specs);
    return exitCodeFor(result);
  } finally {
    controller.dispose();
    await store.close();
  }
}
