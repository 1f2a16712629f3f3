import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { EvalgateError } from "../../core/index.js";
import type { RegisterCommand } from "./register.js";

/** The scaffold: a suite that validates and runs offline on the simulator (`base_url: sim`). */
export const EXAMPLE_SUITE = `# yaml-language-server: $schema=SCHEMA_PATH
#
# An example evalgate suite: classify the sentiment of product reviews as JSON, on Chat
# Completions and on Responses, and check the migration is safe. It runs offline on the
# built-in simulator (base_url: sim): \`evalgate run evals/example.yaml\`. Remove
# \`base_url: sim\` (and set OPENAI_API_KEY) to call the real API.
# The format: docs/suite-format.md.
name: example-sentiment
description: Classify product reviews as positive, negative or mixed.

prompts:
  - id: sentiment-v1
    instructions: >-
      Classify the sentiment of the product review. Answer in JSON with the label
      (positive, negative or mixed) and a one-sentence reason.
    input: "Review:\\n{{review}}"
    output:
      name: sentiment
      schema:
        type: object
        additionalProperties: false
        required: [label, reason]
        properties:
          label: { type: string, enum: [positive, negative, mixed] }
          reason: { type: string }

targets:
  - { id: chat-41-mini, api: chat, model: gpt-4.1-mini, base_url: sim, params: { temperature: 0, max_output_tokens: 200 } }
  - { id: resp-41-mini, api: responses, model: gpt-4.1-mini, base_url: sim, params: { temperature: 0, max_output_tokens: 200 } }

dataset: ../datasets/example.jsonl

graders:
  - { type: json-schema }                                # against the prompt's output schema
  - { type: equals, path: $.label, value: "{{label}}" }

repeat: 2

compare:
  - { baseline: chat-41-mini, candidate: resp-41-mini }

gates:
  quality: { margin: 0.05 }
  critical_regressions: 0
  errors: { max_rate: 0 }     # zero tolerance; a rate such as 0.02 is decided on an interval, which needs a few hundred attempts

# The simulator answers each case with its expected label (perturbed with probability
# 1 − accuracy).
sim:
  seed: 1
  answer: { label: "{{label}}", reason: "The review is {{label}}." }
  models:
    gpt-4.1-mini: { accuracy: 0.9, latency: { ttft_ms: 40, tokens_per_s: 600 } }
`;

const reviews: [string, string, string, string[]][] = [
  ["r01-love-it", "Arrived a day early and works perfectly. The battery lasts all week!", "positive", []],
  ["r02-broke", "Stopped charging after two days. Support never answered my emails.", "negative", ["critical"]],
  ["r03-mixed", "Great sound, but the ear cushions started peeling within a month.", "mixed", []],
  ["r04-gift", "Bought it as a gift and my sister loves it. Would order again.", "positive", []],
  ["r05-refund", "Wrong size sent twice. I want my money back.", "negative", ["critical"]],
  ["r06-ok", "The app is clunky, yet the device itself is solid and well built.", "mixed", []],
];

export const EXAMPLE_DATASET = reviews.map(([id, review, label, tags]) => JSON.stringify({ id, vars: { review, label }, tags })).join("\n") + "\n";

/** This package's suite.schema.json (src/cli/commands/ and dist/cli/commands/ are both three levels down). */
export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), "../../../schema/suite.schema.json");

/**
 * The `$schema` reference for a suite in `suiteDir`: relative to it, to wherever this
 * package is (`../node_modules/evalgate/schema/…` when installed in the project,
 * `../schema/…` inside the evalgate repository), so editors find the file that exists.
 */
export function schemaRef(suiteDir: string, schemaFile = SCHEMA_FILE): string {
  return relative(resolve(suiteDir), schemaFile).split(sep).join("/");
}

export function exampleFiles(root: string): Record<string, string> {
  return {
    "evals/example.yaml": EXAMPLE_SUITE.replace("SCHEMA_PATH", schemaRef(join(root, "evals"))),
    "datasets/example.jsonl": EXAMPLE_DATASET,
  };
}

/** Writes the scaffold into `dir`, refusing (before writing anything) to overwrite a file. */
export function scaffold(dir: string): string[] {
  const root = resolve(dir);
  const files = exampleFiles(root);
  const existing = Object.keys(files).filter((f) => existsSync(join(root, f)));
  if (existing.length > 0) {
    throw new EvalgateError("BAD_FLAG", `not overwriting ${existing.map((f) => relative(process.cwd(), join(root, f)) || f).join(", ")}`, {
      location: { file: relative(process.cwd(), join(root, existing[0]!)) || existing[0]! },
      hint: "evalgate init writes only new files: move these away, or run it in another folder (`evalgate init DIR`)",
    });
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text, { flag: "wx" });
  }
  // Marks the project root (docs/trust.md): the suite may read ../datasets from anywhere.
  mkdirSync(join(root, ".evalgate"), { recursive: true });
  return Object.keys(files).map((f) => join(root, f));
}

export const registerInit: RegisterCommand = (program: Command) => {
  program
    .command("init")
    .description("scaffold evals/example.yaml and datasets/example.jsonl (runs offline on the simulator)")
    .argument("[dir]", "project folder", ".")
    .action((dir: string) => {
      const written = scaffold(dir);
      for (const f of written) process.stdout.write(`created ${relative(process.cwd(), f) || f}\n`);
      const suite = relative(process.cwd(), written[0]!) || written[0]!;
      process.stdout.write(`\nnext:\n  evalgate validate ${suite}\n  evalgate run ${suite}\n`);
    });
};
