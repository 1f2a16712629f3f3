import { resolve } from "node:path";
import type { AnswerIndex, SimConfigInput } from "../../core/index.js";
import "../../graders/index.js";
import { loadAnswerIndexFile, loadSimConfigFile, startSimulator } from "../../sim/index.js";
import { buildAnswerIndex, loadSuite } from "../../suite/index.js";
import { withRecordedAnswers } from "../../usecases/replay.js";
import { untilSignal } from "../flags.js";

export interface SimFlags {
  port: number;
  config?: string;
  answers?: string;
  suite?: string;
  log?: string;
  stored?: string;
}

/** `evalgate sim`: the simulator as a standalone server on 127.0.0.1, until Ctrl-C (docs/design/architecture.md §7). */
export async function simAction(flags: SimFlags): Promise<void> {
  const fromSuite = flags.suite ? await loadSuite(flags.suite) : undefined;
  const base: SimConfigInput = flags.config ? loadSimConfigFile(flags.config) : (fromSuite?.sim ?? {});
  const config: SimConfigInput = flags.stored ? { ...base, stored: { ...base.stored, file: resolve(flags.stored) } } : base;
  const answers: AnswerIndex | undefined = flags.answers ? loadAnswerIndexFile(flags.answers) : fromSuite && withRecordedAnswers(fromSuite, buildAnswerIndex(fromSuite));
  const sim = await startSimulator(config, answers, { port: flags.port, ...(flags.log ? { logFile: flags.log } : {}) });
  process.stdout.write(`evalgate simulator (simulated models) listening on ${sim.url}\n`);
  process.stdout.write(`  point an OpenAI client at it: baseURL=${sim.url}, any non-empty API key. Ctrl-C stops it.\n`);
  await untilSignal();
  await sim.close();
  process.stdout.write(`simulator stopped after ${sim.requestCount()} requests\n`);
}
