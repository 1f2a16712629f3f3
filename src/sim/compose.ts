import { sha256 } from "../core/hash.js";
import { toolCallsOf, type AnswerIndexEntry } from "../core/sim-answers.js";
import { perturbProbability, pickPerturbation, type Perturbation } from "./behaviour.js";
import { answerObject, breakJson, dropField, REFUSAL_TEXT, wrongText, wrongValueObject } from "./perturb.js";
import { conformToSchema, sampleForSchema } from "./schema-values.js";
import { toolResultsAfterLastUser, userTextsLatestFirst, type JsonSchema, type SimRequest, type SimTool } from "./sim-request.js";
import { encodeText, truncateToTokens } from "./tokens.js";
import { wrongLabelObject, wrongLabelText } from "./wrong-labels.js";

export type ReplyContent =
  | { kind: "text"; text: string }
  | { kind: "refusal"; text: string }
  | { kind: "tool_call"; name: string; arguments: string; more?: ToolCallText[] };

/** A further call of a reply with parallel tool calls. */
export interface ToolCallText {
  name: string;
  arguments: string;
}

export interface ComposedReply {
  content: ReplyContent;
  /** A perturbation cut the reply short (finish `length` / status `incomplete`). */
  truncated: boolean;
  /** What was done to the answer; `judge_*` for a judge fault (src/sim/judge.ts). */
  perturbation: Perturbation | `judge_${string}` | null;
}

type Json = Record<string, unknown>;
type Rng = () => number;

/** What the reply is made of, before any perturbation. */
export type Shape =
  | { kind: "tool"; tool: SimTool; value: Json; more: ToolCallText[] }
  | { kind: "json"; schema: JsonSchema | null; strict: boolean; value: Json }
  | { kind: "text"; text: string };

export interface ComposeInput {
  req: SimRequest;
  entry: AnswerIndexEntry;
  entries: AnswerIndexEntry[];
  accuracy: number;
  difficulty: number;
  rng: Rng;
}

/** The reply to a request placed on a case (docs/design/architecture.md §7), perturbed as the accuracy says. */
export function composeAnswer({ req, entry, entries, accuracy, difficulty, rng }: ComposeInput): ComposedReply {
  const shape = shapeFor(req, entry);
  const perturbed = rng() < perturbProbability(accuracy, difficulty);
  const kindDraw = rng();
  if (!perturbed || toolResultsAfterLastUser(req).length > 0) return { content: render(shape), truncated: false, perturbation: null };
  return perturbShape(shape, kindDraw, entry, entries, rng);
}

/** The perturbation `kindDraw` picks among those the shape allows, applied. */
export function perturbShape(shape: Shape, kindDraw: number, entry: AnswerIndexEntry, entries: AnswerIndexEntry[], rng: Rng): ComposedReply {
  const strict = shape.kind === "tool" ? shape.tool.strict : shape.kind === "json" ? shape.strict : false;
  const kind = pickPerturbation(kindDraw, { structured: shape.kind !== "text", strict });
  return applyPerturbation(kind, shape, entry, entries, rng);
}

export function shapeFor(req: SimRequest, entry: AnswerIndexEntry): Shape {
  const answer = entry.answer;
  const afterTool = toolResultsAfterLastUser(req);
  const forced = typeof req.toolChoice === "object" ? req.tools.find((t) => t.name === (req.toolChoice as { name: string }).name) : undefined;
  const calls = toolCallsOf(answer);
  if (afterTool.length === 0 && req.toolChoice !== "none" && req.tools.length > 0) {
    const offered = (calls ?? []).flatMap((c) => {
      const tool = req.tools.find((t) => t.name === c.tool);
      return tool ? [{ tool, value: conformJson(c.arguments, tool.parameters) }] : [];
    });
    const tool = forced ?? offered[0]?.tool ?? (req.toolChoice === "required" ? req.tools[0] : undefined);
    // Further calls go out together only when nothing forces one call and parallel calls are allowed.
    const more = forced || !req.parallelToolCalls ? [] : offered.slice(1).map((c) => ({ name: c.tool.name, arguments: JSON.stringify(c.value) }));
    if (tool) return { kind: "tool", tool, value: conformJson(offered[0]?.tool === tool ? offered[0].value : answerAsObject(answer), tool.parameters), more };
  }
  if (afterTool.length > 0 && calls) return finalAfterTool(req, afterTool);
  if (req.format.type === "json_schema") {
    const { schema, strict } = req.format;
    return { kind: "json", schema, strict, value: conformJson(answerAsObject(answer, schema), schema) };
  }
  if (req.format.type === "json_object" || typeof answer !== "string") {
    return { kind: "json", schema: null, strict: false, value: answerAsObject(answer) };
  }
  return { kind: "text", text: answer };
}

function finalAfterTool(req: SimRequest, outputs: string[]): Shape {
  const text = `Done. The tool returned: ${outputs.join("\n")}`;
  if (req.format.type === "json_schema") {
    const { schema, strict } = req.format;
    return { kind: "json", schema, strict, value: conformJson({}, schema) };
  }
  return { kind: "text", text };
}

/** A text answer under a schema goes into the schema's first string property. */
function answerAsObject(answer: AnswerIndexEntry["answer"], schema?: JsonSchema | null): Json {
  const obj = answerObject(answer);
  if (obj) return obj;
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema?.required) ? (schema.required as string[]) : [];
  const key = [...required, ...Object.keys(props)].find((k) => props[k]?.type === "string") ?? "answer";
  return { [key]: answer };
}

export function conformJson(value: Json, schema: JsonSchema | null): Json {
  return schema ? (conformToSchema(value, schema) as Json) : value;
}

export function render(shape: Shape): ReplyContent {
  if (shape.kind === "tool") return toolCall(shape, JSON.stringify(shape.value));
  if (shape.kind === "json") return { kind: "text", text: JSON.stringify(shape.value) };
  return { kind: "text", text: shape.text };
}

export function applyPerturbation(kind: Perturbation, shape: Shape, self: AnswerIndexEntry, entries: AnswerIndexEntry[], rng: Rng): ComposedReply {
  if (kind === "refusal") return { content: { kind: "refusal", text: REFUSAL_TEXT }, truncated: false, perturbation: kind };
  if (kind === "truncation") return { content: truncate(render(shape), rng), truncated: true, perturbation: kind };
  if (shape.kind === "text") {
    const text = kind === "wrong_label" ? (wrongLabelText(shape.text, self, entries, rng) ?? wrongText(shape.text)) : wrongText(shape.text);
    return { content: { kind: "text", text }, truncated: false, perturbation: kind === "wrong_label" ? kind : "wrong_value" };
  }
  const schema = shape.kind === "tool" ? shape.tool.parameters : shape.schema;
  let value = shape.value;
  let applied: Perturbation = kind;
  if (kind === "wrong_label") {
    const swapped = wrongLabelObject(value, self, entries, rng);
    applied = swapped ? "wrong_label" : "wrong_value";
    value = swapped ?? wrongValueObject(value, schema, rng);
  } else if (kind === "wrong_value") value = wrongValueObject(value, schema, rng);
  // A wrong value must still fit the schema; only the non-strict kinds below may break it.
  value = conformJson(value, schema);
  if (kind === "missing_field") value = dropField(value, schema, rng);
  let json = JSON.stringify(value);
  if (kind === "invalid_json") json = breakJson(json);
  const content: ReplyContent = shape.kind === "tool" ? toolCall(shape, json) : { kind: "text", text: json };
  return { content, truncated: false, perturbation: applied };
}

/** A tool shape's reply: its first call (as perturbed), then any parallel calls as the answer has them. */
function toolCall(shape: Extract<Shape, { kind: "tool" }>, args: string): ReplyContent {
  const call: ReplyContent = { kind: "tool_call", name: shape.tool.name, arguments: args };
  return shape.more.length > 0 ? { ...call, more: shape.more } : call;
}

/** Cuts the reply to 30–70% of its tokens, always losing at least one. */
function truncate(content: ReplyContent, rng: Rng): ReplyContent {
  const full = content.kind === "tool_call" ? content.arguments : content.text;
  const n = encodeText(full).length;
  const keep = Math.min(n - 1, Math.max(0, Math.floor(n * (0.3 + 0.4 * rng()))));
  const cut = truncateToTokens(full, keep);
  return content.kind === "tool_call" ? { ...content, arguments: cut } : { ...content, text: cut };
}

/** A deterministic reply for a request no case matches (judge prompts, ad-hoc calls). */
export function composeGeneric(req: SimRequest): ComposedReply {
  const last = userTextsLatestFirst(req)[0] ?? "";
  const ref = sha256(`${req.model}\u0000${last}`).slice(0, 8);
  const forced = typeof req.toolChoice === "object" ? req.tools.find((t) => t.name === (req.toolChoice as { name: string }).name) : undefined;
  const tool = forced ?? (req.toolChoice === "required" ? req.tools[0] : undefined);
  if (tool && toolResultsAfterLastUser(req).length === 0) {
    return { content: { kind: "tool_call", name: tool.name, arguments: JSON.stringify(sampleForSchema(tool.parameters)) }, truncated: false, perturbation: null };
  }
  if (req.format.type === "json_schema") {
    return { content: { kind: "text", text: JSON.stringify(sampleForSchema(req.format.schema)) }, truncated: false, perturbation: null };
  }
  if (req.format.type === "json_object") {
    return { content: { kind: "text", text: JSON.stringify({ result: "simulated", ref }) }, truncated: false, perturbation: null };
  }
  const text = `Simulated reply from ${req.model} (ref ${ref}): no case in the answer index matches this request.`;
  return { content: { kind: "text", text }, truncated: false, perturbation: null };
}
