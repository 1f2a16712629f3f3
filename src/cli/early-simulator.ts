import { readFileSync } from "node:fs";
import { spawnSimulatorWorker, type PendingSimulator } from "../sim/start-worker.js";

/** `base_url: sim` on a target or a judge, as a suite's YAML writes it. */
const NAMES_SIMULATOR = /\bbase_url:\s*["']?sim["']?\s*[,}\r\n]/;

/**
 * The simulator's thread for a run that will likely need it (`--sim`, or a suite that names
 * `base_url: sim`), spawned before the run's own modules load, so its Fastify and tokenizer
 * load on the other core meanwhile (docs/design/performance.md, "Start-up"). A guess, read
 * from the suite's text before it is parsed: a wrong one costs a thread the run closes
 * unused, and a suite that needs the simulator and was not guessed gets its thread later.
 */
export function spawnSimulatorEarly(file: string | undefined, flags: { sim?: boolean; resume?: string }): PendingSimulator | undefined {
  if (flags.resume !== undefined || file === undefined) return undefined;
  if (flags.sim === true) return spawnSimulatorWorker();
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // The run reports a missing or unreadable suite itself, with its own words.
    return undefined;
  }
  return NAMES_SIMULATOR.test(text) ? spawnSimulatorWorker() : undefined;
}

/** The thread `bin/evalgate.js` spawned from the raw arguments, before the CLI loaded; taken once. */
let fromArgv: PendingSimulator | undefined;

/**
 * `evalgate run SUITE …` read from the raw arguments, before commander and the commands
 * load: the simulator's thread then starts ~50 ms sooner. The suite is the first argument
 * after `run` that is not a flag; a guess either way is harmless — the thread waits for its
 * config, the run closes it when no arm needs it, and commander's own parse decides the rest.
 * bin/evalgate.js calls it for `run` without `--help`.
 */
export function spawnForArgv(args: readonly string[]): void {
  const resume = args.includes("--resume") ? "yes" : undefined;
  fromArgv = spawnSimulatorEarly(args.find((a) => !a.startsWith("-")), { sim: args.includes("--sim"), ...(resume ? { resume } : {}) });
}

/** The thread spawned by spawnForArgv, if any (the run owns it from here). */
export function takeEarlySimulator(): PendingSimulator | undefined {
  const taken = fromArgv;
  fromArgv = undefined;
  return taken;
}
