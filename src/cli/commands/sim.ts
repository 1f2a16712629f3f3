import type { Command } from "commander";
import type { AnswerIndex, SimConfigInput } from "../../core/index.js";
import "../../graders/index.js";
import { loadAnswerIndexFile, loadSimConfigFile, startSimulator } from "../../sim/index.js";
import { buildAnswerIndex, loadSuite } from "../../suite/index.js";
import { portNumber, untilSignal } from "../flags.js";
import type { RegisterCommand } from "./register.js";

interface SimFlags {
  port: number;
  config?: string;
  answers?: string;
  suite?: string;
  log?: string;
}


/** `evalgate sim`: the simulator as a standalone server on 127.0.0.1, until Ctrl-C (docs/design/architecture.md §7). */
export const registerSim: RegisterCommand = (program: Command) => {
  program
    .command("sim")
    .description("serve the OpenAI-compatible simulator on 127.0.0.1 (simulated replies, no API key needed)")
    .option("--port <n>", "port (0 picks a free one)", portNumber, 8787)
    .option("--config <file>", "simulator behaviour: a YAML/JSON `sim:` map, or a suite file with a `sim:` key")
    .option("--answers <file>", "answer index: {entries: [{caseId, keys, answer}]} as JSON/YAML, or JSONL")
    .option("--suite <file>", "answer that suite's cases with its sim: behaviour (--config and --answers override)")
    .option("--log <file>", "append one JSON line per request received")
    .action(async (flags: SimFlags) => {
      const fromSuite = flags.suite ? await loadSuite(flags.suite) : undefined;
      const config: SimConfigInput = flags.config ? loadSimConfigFile(flags.config) : (fromSuite?.sim ?? {});
      const answers: AnswerIndex | undefined = flags.answers ? loadAnswerIndexFile(flags.answers) : fromSuite && buildAnswerIndex(fromSuite);
      const sim = await startSimulator(config, answers, { port: flags.port, ...(flags.log ? { logFile: flags.log } : {}) });
      process.stdout.write(`evalgate simulator (simulated models) listening on ${sim.url}\n`);
      process.stdout.write(`  point an OpenAI client at it: baseURL=${sim.url}, any non-empty API key. Ctrl-C stops it.\n`);
      await untilSignal();
      await sim.close();
      process.stdout.write(`simulator stopped after ${sim.requestCount()} requests\n`);
    });
};

