import type { Command } from "commander";
import { portNumber } from "../flags.js";
import type { SimFlags } from "./sim-action.js";
import type { RegisterCommand } from "./register.js";

/** `evalgate sim`: its flags here; the server (sim-action.ts) loads when it runs. */
export const registerSim: RegisterCommand = (program: Command) => {
  program
    .command("sim")
    .description("serve the OpenAI-compatible simulator on 127.0.0.1 (simulated replies, no API key needed)")
    .option("--port <n>", "port (0 picks a free one)", portNumber, 8787)
    .option("--config <file>", "simulator behaviour: a YAML/JSON `sim:` map, or a suite file with a `sim:` key")
    .option("--answers <file>", "answer index: {entries: [{caseId, keys, answer}]} as JSON/YAML, or JSONL")
    .option("--suite <file>", "answer that suite's cases with its sim: behaviour (--config and --answers override)")
    .option("--log <file>", "append one JSON line per request received")
    .option("--stored <file>", "serve these logged exchanges as stored chat completions (GET /v1/chat/completions…)")
    .action(async (flags: SimFlags) => {
      const { simAction } = await import("./sim-action.js");
      await simAction(flags);
    });
};
