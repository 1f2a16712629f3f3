import type { Output } from "../core/index.js";
import { selectJsonPath } from "./json-path.js";
import { quoted } from "./show.js";

export type Selected = { ok: true; value: unknown; label: string } | { ok: false; reason: string };

const FENCED = /^```[\w-]*\s*\n([\s\S]*?)\n?```$/;

/**
 * The JSON document a `path` reads (docs/graders.md): `output.json` when the output has it;
 * else the text parsed as JSON (a single ```json fence around it is allowed); else, when
 * the output made tool calls, `{ tool_calls: [{ id, name, arguments }] }`.
 */
export function jsonDocument(output: Output): Selected {
  if (output.json !== undefined) return { ok: true, value: output.json, label: "output" };
  const text = output.text.trim();
  let parseError: string | null = null;
  if (text !== "") {
    try {
      return { ok: true, value: JSON.parse(FENCED.exec(text)?.[1] ?? text), label: "output" };
    } catch (e) {
      parseError = (e as Error).message;
    }
  }
  if (output.toolCalls.length > 0) {
    const calls = output.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments }));
    return { ok: true, value: { tool_calls: calls }, label: "output" };
  }
  if (output.refusal) return { ok: false, reason: `output refused (${quoted(output.refusal)}), so it has no JSON` };
  if (text === "") return { ok: false, reason: `output is empty (finish: ${output.finish}), not JSON` };
  return { ok: false, reason: `output is not JSON: ${output.jsonError ?? parseError ?? "unparseable"} (text: ${quoted(text, 60)})` };
}

/** What a check looks at: the output text, or the value at `path` in the output's JSON. */
export function selectSubject(output: Output, path: string | undefined): Selected {
  if (path === undefined) return { ok: true, value: output.text, label: "output" };
  const doc = jsonDocument(output);
  if (!doc.ok) return doc;
  const found = selectJsonPath(doc.value, path);
  if (found.found) return { ok: true, value: found.value, label: path };
  const why = found.why ? ` (${found.why})` : "";
  return { ok: false, reason: `${found.missing} is missing${why}` };
}

/** A selected value as text for string checks: strings as they are, anything else as JSON. */
export function subjectText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value) ?? String(value);
}
