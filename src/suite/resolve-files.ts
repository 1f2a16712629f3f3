import { resolve } from "node:path";
import { EvalgateError, type ContentPartSpec, type SourceLocation, type SuitePromptSpec } from "../core/index.js";
import { checkJsonSchema, checkStrictSchema } from "./checks.js";
import type { PathPolicy } from "./path-policy.js";
import { resolvePromptLoop } from "./tool-loop-spec.js";
import { decodeUtf8, readBytes, YamlSource, type Path } from "./source.js";
import type { SuiteContent, SuiteContentPart, SuiteMessage, SuitePrompt } from "./types.js";

type Locate = (path: Path, key?: boolean) => SourceLocation;

/** Files read while loading a suite, for its hash: absolute path → text. */
export type FileTexts = Map<string, string>;

const FILE = "file://";

/** The file a `file://` reference names, relative to the suite's folder, once the policy allows it. */
function refPath(ref: string, dir: string, at: SourceLocation, policy: PathPolicy, what: string): string {
  const path = resolve(dir, ref.slice(FILE.length));
  policy.check(path, at, what);
  return path;
}

/** Reads a `file://` text reference (or returns the text as written). */
export function readTextRef(value: string, dir: string, at: SourceLocation, files: FileTexts, policy: PathPolicy): string {
  if (!value.startsWith(FILE)) return value;
  const path = refPath(value, dir, at, policy, "file");
  const text = decodeUtf8(readBytes(path, at), path, "SUITE_INVALID");
  files.set(path, text);
  return text.replace(/\r\n/g, "\n").replace(/\n$/, "");
}

/** Reads a JSON Schema: inline, or a `file://` JSON/YAML file. */
function readSchemaRef(value: Record<string, unknown> | string, dir: string, at: SourceLocation, files: FileTexts, policy: PathPolicy): Record<string, unknown> {
  if (typeof value !== "string") return value;
  const path = refPath(value, dir, at, policy, "schema file");
  const source = new YamlSource(path, decodeUtf8(readBytes(path, at), path, "SUITE_PARSE"), "SUITE_PARSE");
  files.set(path, source.text);
  if (source.value === null || typeof source.value !== "object" || Array.isArray(source.value)) {
    throw new EvalgateError("SUITE_INVALID", `${value} does not hold a JSON Schema object`, { location: source.locate([]), hint: "a schema file holds one JSON (or YAML) object" });
  }
  return source.value as Record<string, unknown>;
}

/** A prompt with its `file://` references read and its schemas compiled. */
export function resolvePrompt(spec: SuitePromptSpec, dir: string, locate: Locate, files: FileTexts, policy: PathPolicy): SuitePrompt {
  if (spec.from_case !== undefined) return fromCasePrompt(spec, locate);
  if ((spec.input === undefined) === (spec.messages === undefined)) {
    throw new EvalgateError("SUITE_INVALID", `prompt \`${spec.id}\` needs exactly one of \`input\` and \`messages\``, { location: locate(["id"]), hint: "`input:` is the user message; `messages:` a whole conversation" });
  }
  const prompt: SuitePrompt = { id: spec.id };
  if (spec.description !== undefined) prompt.description = spec.description;
  if (spec.instructions !== undefined) prompt.instructions = readTextRef(spec.instructions, dir, locate(["instructions"]), files, policy);
  if (spec.input !== undefined) prompt.input = readContentRefs(spec.input, dir, (p) => locate(["input", ...p]), files, policy);
  if (spec.messages) {
    prompt.messages = spec.messages.map((m, i) => resolveMessage(m, dir, (p, k) => locate(["messages", i, ...p], k), files, policy));
    checkToolPairing(prompt.messages, (i) => locate(["messages", i]));
  }
  if (spec.output) {
    const at = locate(["output", "schema"]);
    const schema = readSchemaRef(spec.output.schema, dir, at, files, policy);
    checkJsonSchema(schema, `prompt \`${spec.id}\` output schema`, at);
    if (spec.output.strict) checkStrictSchema(schema, `prompt \`${spec.id}\` output schema`, at);
    prompt.output = { name: spec.output.name, schema, strict: spec.output.strict };
  }
  if (spec.tools) {
    const names = new Set<string>();
    prompt.tools = spec.tools.map((t, i) => {
      if (names.has(t.name)) throw new EvalgateError("SUITE_INVALID", `duplicate tool name \`${t.name}\` in prompt \`${spec.id}\``, { location: locate(["tools", i, "name"]), hint: "tool names are unique within a prompt" });
      names.add(t.name);
      const at = locate(["tools", i, "parameters"]);
      const parameters = t.parameters === undefined ? undefined : readSchemaRef(t.parameters, dir, at, files, policy);
      if (parameters) {
        checkJsonSchema(parameters, `tool \`${t.name}\` parameters`, at);
        if (t.strict) checkStrictSchema(parameters, `tool \`${t.name}\` parameters`, at);
      }
      return { name: t.name, ...(t.description !== undefined ? { description: t.description } : {}), ...(parameters ? { parameters } : {}), strict: t.strict };
    });
  }
  if (spec.tool_choice !== undefined) {
    const choice = spec.tool_choice;
    if (typeof choice === "object" && !prompt.tools?.some((t) => t.name === choice.name)) {
      throw new EvalgateError("SUITE_REFERENCE", `tool_choice names \`${choice.name}\`, which prompt \`${spec.id}\` does not offer`, { location: locate(["tool_choice", "name"]), hint: "name one of the prompt's tools" });
    }
    if (choice !== "none" && choice !== "auto" && !prompt.tools?.length) {
      throw new EvalgateError("SUITE_INVALID", `tool_choice \`${typeof choice === "string" ? choice : choice.name}\` needs tools, and prompt \`${spec.id}\` has none`, { location: locate(["tool_choice"]), hint: "add `tools:` or drop tool_choice" });
    }
    prompt.tool_choice = choice;
  }
  const loop = resolvePromptLoop(spec, dir, locate, files, policy);
  if (loop) prompt.loop = loop;
  return prompt;
}

function resolveMessage(m: SuitePromptSpec["messages"] extends (infer M)[] | undefined ? M : never, dir: string, locate: Locate, files: FileTexts, policy: PathPolicy): SuiteMessage {
  if (m.role === "assistant") {
    if (m.content === null && !m.tool_calls?.length) {
      throw new EvalgateError("SUITE_INVALID", "an assistant message needs `content` or `tool_calls`", { location: locate([]), hint: "write what the assistant said, or the tools it called" });
    }
    return { role: "assistant", content: m.content, ...(m.tool_calls ? { tool_calls: m.tool_calls.map((c) => ({ ...c })) } : {}) };
  }
  if (m.role === "tool") return { ...m };
  if (m.role === "user") return { role: "user", content: readContentRefs(m.content, dir, (p) => locate(["content", ...p]), files, policy) };
  return { role: m.role, content: readTextRef(m.content, dir, locate(["content"]), files, policy) };
}

/**
 * A user turn's content with its `file://` text read. Image references stay references: they
 * may hold templates, and are loaded per case by loadSuiteImages.
 */
function readContentRefs(content: string | ContentPartSpec[], dir: string, locate: (path: Path) => SourceLocation, files: FileTexts, policy: PathPolicy): SuiteContent {
  if (typeof content === "string") return readTextRef(content, dir, locate([]), files, policy);
  return content.map((part, i): SuiteContentPart =>
    "text" in part ? { type: "text", text: readTextRef(part.text, dir, locate([i, "text"]), files, policy) } : { type: "image", image: part.image, detail: part.detail },
  );
}

/**
 * Both APIs reject a conversation whose tool calls and results do not pair up: an assistant
 * turn with `tool_calls` must be followed by one `tool` message per call id, and a `tool`
 * message must answer a call of the assistant turn before it.
 */
function checkToolPairing(messages: SuiteMessage[], locateAt: (i: number) => SourceLocation): void {
  let pending: { at: number; ids: Set<string> } | null = null;
  const unanswered = (p: { at: number; ids: Set<string> }) => {
    throw new EvalgateError("SUITE_INVALID", `the assistant message's tool calls ${[...p.ids].map((id) => `\`${id}\``).join(", ")} have no tool message answering them`, {
      location: locateAt(p.at), hint: "follow an assistant message with tool_calls by one `role: tool` message per call id (the API rejects the conversation otherwise)",
    });
  };
  messages.forEach((m, i) => {
    if (m.role === "tool") {
      if (!pending?.ids.delete(m.tool_call_id)) {
        throw new EvalgateError("SUITE_INVALID", `the tool message answers \`${m.tool_call_id}\`, which the assistant message before it did not call`, {
          location: locateAt(i), hint: "a tool message follows the assistant message whose tool_calls include its tool_call_id",
        });
      }
      return;
    }
    if (pending && pending.ids.size > 0) unanswered(pending);
    pending = m.role === "assistant" && m.tool_calls?.length ? { at: i, ids: new Set(m.tool_calls.map((c) => c.id)) } : null;
  });
  const last = pending as { at: number; ids: Set<string> } | null;
  if (last && last.ids.size > 0) unanswered(last);
}

/** `from_case: request`: the case brings the whole prompt, so the prompt may hold nothing else. */
function fromCasePrompt(spec: SuitePromptSpec, locate: Locate): SuitePrompt {
  const own = (["instructions", "input", "messages", "output", "tools", "tool_choice"] as const).find((k) => spec[k] !== undefined);
  if (own) {
    throw new EvalgateError("SUITE_INVALID", `prompt \`${spec.id}\` takes its request from each case (from_case: request), so it cannot also set \`${own}\``, {
      location: locate([own], true),
      hint: "drop the key, or drop `from_case` and write the prompt out",
    });
  }
  return { id: spec.id, ...(spec.description !== undefined ? { description: spec.description } : {}), fromCase: "request" };
}
