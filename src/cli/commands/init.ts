import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";
import type { Command } from "commander";
import { EvalgateError } from "../../core/errors.js";
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
  quality: { margin: 0.05 }   # at most 5 points worse; 90 cases can show it (a handful cannot)
  errors: { max_rate: 0 }     # zero tolerance; a rate such as 0.02 is decided on an interval, which needs a few hundred attempts
  # critical_regressions: 0   # tag cases \`critical\` and their slice is held to the same margin (it needs as many cases)

# The simulator answers each case with its expected label (perturbed with probability
# 1 − accuracy).
sim:
  seed: 1
  answer: { label: "{{label}}", reason: "The review is {{label}}." }
  models:
    gpt-4.1-mini: { accuracy: 0.9, latency: { ttft_ms: 40, tokens_per_s: 600 } }
`;

/**
 * 90 reviews: 30 products, each reviewed once positively, once negatively and once mixed.
 * The verdict needs cases to decide: identical arms pass a 5-point margin from about 85
 * paired cases on (docs/verdict.md: degenerate evidence never decides).
 */
const PRODUCTS = [
  "headphones", "kettle", "backpack", "desk lamp", "phone case", "blender", "running shoes", "keyboard", "coffee grinder", "umbrella",
  "smart watch", "yoga mat", "air fryer", "webcam", "water bottle", "office chair", "toaster", "bike light", "power bank", "rain jacket",
  "monitor", "hair dryer", "tent", "mouse", "frying pan", "speaker", "vacuum", "thermos", "router", "sunglasses",
];
const SAID: Record<string, (p: string) => string> = {
  positive: (p) => `The ${p} arrived early and works perfectly. Would order again!`,
  negative: (p) => `The ${p} stopped working after two days and support never answered. I want a refund.`,
  mixed: (p) => `The ${p} itself is solid, but it came late and the instructions are useless.`,
};
const reviews: [string, string, string, string[]][] = PRODUCTS.flatMap((product, i) =>
  Object.entries(SAID).map(([label, text]): [string, string, string, string[]] => [
    `r${String(i + 1).padStart(2, "0")}-${product.replace(/ /g, "-")}-${label}`,
    text(product),
    label,
    label === "negative" ? ["refund"] : [],
  ]),
);

export const EXAMPLE_DATASET = reviews.map(([id, review, label, tags]) => JSON.stringify({ id, vars: { review, label }, tags })).join("\n") + "\n";

/** This package's suite.schema.json. */
export const SCHEMA_FILE = join(PACKAGE_ROOT, "schema/suite.schema.json");

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
