import type { Command } from "commander";
import { EvalgateError } from "../../core/errors.js";
import { collectPaths, nonNegativeNumber, positiveInt } from "../flags.js";
import type { ImportFlags } from "./import-action.js";
import type { RegisterCommand } from "./register.js";

/** `KEY=VALUE`, repeatable, into a map. */
function collectPair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new EvalgateError("BAD_FLAG", `--metadata takes KEY=VALUE, got '${value}'`, { hint: "e.g. --metadata route=billing" });
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function apiName(value: string): "chat" | "responses" {
  if (value === "chat" || value === "responses") return value;
  throw new EvalgateError("BAD_FLAG", `--candidate-api must be chat or responses, got '${value}'`);
}

/** `evalgate import SOURCE`: its flags here; the action (import-action.ts) loads when it runs. */
export const registerImport: RegisterCommand = (program: Command) => {
  program
    .command("import")
    .description("turn logged traffic into a replay suite: cases from the logged requests, production's replies as a recorded baseline")
    .argument("<source>", "a JSONL of logged exchanges (Chat Completions or Responses), openai:chat-completions for the stored completions, or openai:responses with --ids")
    .option("--out <dir>", "where the suite and its dataset are written", "evals")
    .option("--name <name>", "the suite's name (NAME.yaml and NAME.jsonl)", "traffic-replay")
    .option("--sample <n>", "keep n distinct requests (default: all)", positiveInt("--sample"))
    .option("--stratify-by <key>", "spread the sample over `model` or `metadata.KEY` (each value becomes a case tag, a slice)")
    .option("--allocation <how>", "proportional (to each stratum's traffic, the default) or equal")
    .option("--seed <n>", "the sample's seed (default 0)", Number)
    .option("--live-baseline", "keep exchanges without a logged reply: the baseline sends them to the original API")
    .option("--redact <regex>", "mask this pattern too, besides emails, phones, card numbers and API keys (repeatable)", collectPaths)
    .option("--prompt <file>", "what every case's request lacks (stored completions log no tools, output schema or params): YAML/JSON")
    .option("--candidate-api <api>", "the candidate target's API (default: the other one)", apiName)
    .option("--candidate-model <model>", "the candidate target's model (default: production's)")
    .option("--agreement-min <share>", "the agreement gate's minimum (default 0.95)", nonNegativeNumber("--agreement-min"))
    .option("--pairwise-judge <model>", "add a judge of this model and the pairwise gate: candidate vs recording, in both orders")
    .option("--force", "replace NAME.yaml and NAME.jsonl if they exist")
    .option("--base-url <url>", "stored completions or responses: the API's base URL (default https://api.openai.com/v1)")
    .option("--api-key-env <var>", "stored completions or responses: the variable holding the key (default OPENAI_API_KEY)")
    .option("--ids <file>", "openai:responses: the response ids to fetch, one a line (the API lists no responses)")
    .option("--model <model>", "stored completions: only this model's")
    .option("--metadata <key=value>", "stored completions: only those with this metadata (repeatable)", collectPair)
    .option("--limit <n>", "stored completions or responses: fetch at most n (default 10000)", positiveInt("--limit"))
    .action(async (source: string, flags: ImportFlags) => {
      const { importAction } = await import("./import-action.js");
      await importAction(source, flags);
    });
};
