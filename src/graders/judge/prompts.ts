import { readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { PACKAGE_ROOT } from "../../core/package-root.js";

/**
 * Judge prompts are versioned files in the repository's `judges/` folder (`rubric.v1.md`…):
 * a new wording is a new version, so a stored score names the prompt that produced it.
 */
const PROMPTS_DIR = join(PACKAGE_ROOT, "judges");
const BUILT_IN = /^([a-z][a-z-]*)\.v(\d+)$/;
const LEADING_COMMENT = /^\s*<!--[\s\S]*?-->\s*/;
const PLACEHOLDER = /\[\[\s*([a-z_]+)\s*\]\]/g;

export interface JudgePrompt {
  /** `rubric.v1`, `file://prompts/tone.md` or `inline`: recorded in the score's reason. */
  id: string;
  template: string;
}

/** The latest version of each family's built-in prompt. */
export const LATEST_PROMPT: Record<string, string> = {
  rubric: "rubric.v1",
  label: "label.v1",
  score: "score.v1",
  factuality: "factuality.v1",
  "closed-qa": "closed-qa.v1",
  pairwise: "pairwise.v1",
};

const loaded = new Map<string, string>();

function readPromptFile(path: string): string {
  let text = loaded.get(path);
  if (text === undefined) {
    text = readFileSync(path, "utf8").replace(LEADING_COMMENT, "");
    loaded.set(path, text);
  }
  return text;
}

/**
 * A grader's judge prompt: its `prompt` option — a built-in version (`rubric.v1`), a
 * `file://` path (relative to the suite's folder), or the template inline — else the
 * family's latest built-in version.
 */
export function resolveJudgePrompt(family: string, option: string | undefined, suiteDir?: string): JudgePrompt {
  const choice = option ?? LATEST_PROMPT[family];
  if (choice === undefined) throw new Error(`no built-in judge prompt for '${family}': set the grader's prompt`);
  if (BUILT_IN.test(choice)) {
    try {
      return { id: choice, template: readPromptFile(resolve(PROMPTS_DIR, `${choice}.md`)) };
    } catch {
      throw new Error(`no built-in judge prompt '${choice}' (built-in: ${Object.values(LATEST_PROMPT).join(", ")})`);
    }
  }
  if (choice.startsWith("file://")) {
    const rel = choice.slice("file://".length);
    const path = isAbsolute(rel) ? rel : resolve(suiteDir ?? process.cwd(), rel);
    try {
      return { id: choice, template: readPromptFile(path) };
    } catch (e) {
      throw new Error(`cannot read judge prompt ${choice}: ${(e as Error).message}`);
    }
  }
  return { id: "inline", template: choice };
}

/** The placeholders a template uses, e.g. ["input", "output"]. */
export function promptPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/**
 * Fills `[[name]]` placeholders (not `{{…}}`: grader options are rendered with case vars
 * first, and a judge's placeholders must survive that). A template without `[[output]]` (or
 * the family's `required` ones) would judge nothing, and an unknown placeholder is a typo: both are errors.
 */
export function renderJudgePrompt(prompt: JudgePrompt, values: Record<string, string>, required: readonly string[] = ["output"]): string {
  const used = promptPlaceholders(prompt.template);
  for (const name of required) if (!used.includes(name)) throw new Error(`judge prompt ${prompt.id} has no [[${name}]] placeholder`);
  const unknown = used.filter((name) => !(name in values));
  if (unknown.length > 0) {
    throw new Error(`judge prompt ${prompt.id} uses unknown placeholder(s) ${unknown.map((u) => `[[${u}]]`).join(", ")} (known: ${Object.keys(values).map((k) => `[[${k}]]`).join(", ")})`);
  }
  return prompt.template.replace(PLACEHOLDER, (_m, name: string) => values[name]!).trim();
}
