import type { Command } from "commander";
import { EvalgateError } from "../../core/errors.js";
import { collectList, nonNegativeNumber, portNumber, positiveInt } from "../flags.js";
import type { ShadowFlags } from "./shadow-action.js";
import type { RegisterCommand } from "./register.js";

/** `--share`: a fraction from 0 to 1. */
export function shareFraction(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new EvalgateError("BAD_FLAG", `--share must be a number from 0 to 1, got '${value}'`, { hint: "e.g. --share 0.25 mirrors a quarter of the requests" });
  }
  return n;
}

/** `--seed`: any integer. */
export function seedInteger(value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n)) throw new EvalgateError("BAD_FLAG", `--seed must be an integer, got '${value}'`, { hint: "e.g. --seed 7" });
  return n;
}

/** `--metadata KEY=VALUE`, repeatable. */
export function collectMetadata(value: string, previous: Array<{ key: string; value: string }> = []): Array<{ key: string; value: string }> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new EvalgateError("BAD_FLAG", `--metadata takes KEY=VALUE, got '${value}'`, { hint: "e.g. --metadata feature=triage (matched against the request's metadata)" });
  return [...previous, { key: value.slice(0, eq), value: value.slice(eq + 1) }];
}

/** `evalgate shadow`: its flags here; the proxy (shadow-action.ts) loads when it runs. */
export const registerShadow: RegisterCommand = (program: Command) => {
  program
    .command("shadow")
    .description("proxy an application's OpenAI traffic to production unchanged, and mirror a seeded share to a candidate target (a shadow run)")
    .requiredOption("--candidate <suite#target>", "the candidate: a suite file and one of its targets, e.g. evals/triage.yaml#resp-5-mini")
    .option("--upstream <url>", "the production base URL requests are forwarded to", "https://api.openai.com/v1")
    .option("--share <fraction>", "share of eligible requests mirrored, 0..1", shareFraction, 0.1)
    .option("--seed <n>", "seed of the mirror draw", seedInteger, 0)
    .option("--model <name>", "mirror only requests for this model (repeatable, comma-separated)", collectList, [])
    .option("--path <path>", "mirror only requests to this path, e.g. /v1/chat/completions (repeatable)", collectList, [])
    .option("--metadata <key=value>", "mirror only requests whose metadata holds this pair (repeatable)", collectMetadata, [])
    .option("--mirror-stateful", "mirror store: true requests too (never files, batches or previous_response_id)", false)
    .option("--queue <n>", "mirrors waiting at most; more are dropped and counted", positiveInt("--queue", 100_000), 100)
    .option("--concurrency <n>", "candidate requests at once (default: the target's concurrency, else 4)", positiveInt("--concurrency", 1_000))
    .option("--budget-per-day <usd>", "stop mirroring for the rest of the UTC day once the candidate has cost this much", nonNegativeNumber("--budget-per-day"))
    .option("--port <n>", "port (0 picks a free one)", portNumber, 8788)
    .option("--host <host>", "interface to bind; anything but loopback needs --token", "127.0.0.1")
    .option("--token <token>", "require this token on the status route (default $EVALGATE_TOKEN)")
    .option("--db <location>", "store: a path, sqlite:PATH or postgres://… (default .evalgate/evalgate.db, or $EVALGATE_DB)")
    .option("--log <file>", "also append each mirrored pair as a logged exchange (JSON lines)")
    .option("--tag <name>", "label the shadow run (repeatable)", collectList, [])
    .option("--capture-limit <bytes>", "largest reply kept for the mirror (larger ones pass through unmirrored)", positiveInt("--capture-limit"), 4 * 1024 * 1024)
    .option("--body-limit <bytes>", "largest JSON request body accepted", positiveInt("--body-limit"), 32 * 1024 * 1024)
    .option("--drain <ms>", "on stop, how long mirrors in flight may finish before they are cancelled", positiveInt("--drain"), 10_000)
    .action(async (flags: ShadowFlags) => {
      const { shadowAction } = await import("./shadow-action.js");
      await shadowAction(flags);
    });
};
