import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { EvalgateError, type SourceLocation, type SuitePromptSpec, type ToolImplementationSpec } from "../core/index.js";
import type { PathPolicy } from "./path-policy.js";
import { decodeUtf8, displayPath, readBytes, type Path } from "./source.js";
import { hasTemplate } from "./template.js";
import type { PromptLoop, ToolImplementation } from "./types.js";

type Locate = (path: Path, key?: boolean) => SourceLocation;
/** Files read while loading a suite, for its hash (resolve-files.ts FileTexts). */
type FileTexts = Map<string, string>;

/** When a prompt with tool implementations does not say: enough for a few lookups, bounded. */
export const DEFAULT_MAX_STEPS = 10;
const DEFAULT_TOOL_TIMEOUT_MS = 5_000;
const FILE = "file://";

/**
 * A prompt's tool loop (docs/suite-format.md, "Tool loops"), or undefined when it has none:
 * a prompt is a loop when `max_steps` is set or a tool has an `implementation`, and then
 * every tool needs one (a proposed call must be runnable). Module files are checked
 * against the path policy and must exist; their text goes into the suite's hash.
 */
export function resolvePromptLoop(spec: SuitePromptSpec, dir: string, locate: Locate, files: FileTexts, policy: PathPolicy): PromptLoop | undefined {
  const tools = spec.tools ?? [];
  const anyImplemented = tools.some((t) => t.implementation !== undefined);
  if (spec.max_steps === undefined && !anyImplemented) return undefined;
  if (tools.length === 0) {
    throw new EvalgateError("SUITE_INVALID", `prompt \`${spec.id}\` sets max_steps but offers no tools`, { location: locate(["max_steps"]), hint: "a tool loop needs `tools:` with an `implementation` each, or drop max_steps" });
  }
  const implementations: Record<string, ToolImplementation> = {};
  tools.forEach((t, i) => {
    if (!t.implementation) {
      throw new EvalgateError("SUITE_INVALID", `tool \`${t.name}\` of prompt \`${spec.id}\` has no implementation, and the prompt is a tool loop`, {
        location: locate(["tools", i, "name"]),
        hint: "give it `implementation: { result: … }`, `{ template: … }` or `{ module: file://tools/x.mjs }` (docs/suite-format.md, \"Tool loops\")",
      });
    }
    implementations[t.name] = resolveImplementation(t.implementation, dir, (p, k) => locate(["tools", i, "implementation", ...p], k), files, policy);
  });
  return { maxSteps: spec.max_steps ?? DEFAULT_MAX_STEPS, implementations };
}

function resolveImplementation(spec: ToolImplementationSpec, dir: string, locate: Locate, files: FileTexts, policy: PathPolicy): ToolImplementation {
  const given = (["result", "template", "module"] as const).filter((k) => spec[k] !== undefined);
  if (given.length !== 1) {
    throw new EvalgateError("SUITE_INVALID", given.length === 0 ? "a tool implementation needs one of `result`, `template` or `module`" : `a tool implementation takes one of \`result\`, \`template\` and \`module\`, not ${given.map((k) => `\`${k}\``).join(" and ")}`, {
      location: locate(given.length === 0 ? [] : [given[1]!], given.length > 0),
      hint: "result: a static value · template: text or a map over the case's vars and {{args.NAME}} · module: file://tools/x.mjs",
    });
  }
  const moduleOnly = (["export", "timeout_ms"] as const).find((k) => spec[k] !== undefined && spec.module === undefined);
  if (moduleOnly) {
    throw new EvalgateError("SUITE_INVALID", `\`${moduleOnly}\` applies to a \`module\` implementation only`, { location: locate([moduleOnly], true), hint: "drop it, or implement the tool with `module: file://…`" });
  }
  if (spec.result !== undefined) return { kind: "result", result: spec.result };
  if (spec.template !== undefined) return { kind: "template", template: spec.template as string | Record<string, unknown> };
  const ref = spec.module as string;
  const at = locate(["module"]);
  if (hasTemplate(ref)) throw new EvalgateError("SUITE_INVALID", "a tool's `module` cannot be a template", { location: at, hint: "name the module file literally (relative to the suite's folder)" });
  const file = resolve(dir, ref.startsWith(FILE) ? ref.slice(FILE.length) : ref);
  policy.check(file, at, "tool module");
  if (!existsSync(file)) throw new EvalgateError("FILE_NOT_FOUND", `tool module not found: ${displayPath(file)}`, { location: at, hint: "paths are relative to the suite file's folder" });
  // Read for the suite's hash: a changed tool module is a changed suite.
  files.set(file, decodeUtf8(readBytes(file, at), file, "SUITE_INVALID"));
  return { kind: "module", file, export: spec.export ?? "default", timeoutMs: spec.timeout_ms ?? DEFAULT_TOOL_TIMEOUT_MS };
}

/**
 * A target's `state` against its API and params: `previous_response_id` is a Responses
 * feature and needs the API to keep the conversation, so `store: true` must be set
 * explicitly (evalgate sends `store: false` otherwise, docs/design/architecture.md §4).
 */
export function checkTargetState(target: { id: string; api: string; state?: string | undefined; params: { store?: boolean | undefined } }, locate: Locate): void {
  if (target.state !== "previous_response_id") return;
  if (target.api !== "responses") {
    throw new EvalgateError("SUITE_INVALID", `target \`${target.id}\` sets state: previous_response_id, which only the Responses API has`, { location: locate(["state"]), hint: "use `api: responses`, or drop `state` (Chat resends the whole conversation)" });
  }
  if (target.params.store !== true) {
    throw new EvalgateError("SUITE_INVALID", `target \`${target.id}\` sets state: previous_response_id without \`params: { store: true }\``, {
      location: locate(["state"]),
      hint: "previous_response_id continues a response the API stored: set `store: true` in the target's params (the API then keeps these conversations), or use the default `state: history`",
    });
  }
}

/** What `validate` and the run say about a target whose conversations the API keeps. */
export function stateWarning(target: { state?: string | undefined }): string | undefined {
  return target.state === "previous_response_id"
    ? "state previous_response_id with store: true: the API keeps every conversation of this arm (OpenAI retains stored responses, 30 days by default); they can be read back by id"
    : undefined;
}
