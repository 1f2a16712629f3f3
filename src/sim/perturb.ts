import type { AnswerIndexEntry } from "../core/sim-answers.js";
import { isSequenceAnswer, toolCallsOf } from "../core/sim-answers.js";
import type { JsonSchema } from "./sim-request.js";

type Json = Record<string, unknown>;
type Rng = () => number;

export const REFUSAL_TEXT = "I'm sorry, but I can't help with that request.";

function pick<T>(items: T[], rng: Rng): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(rng() * items.length)];
}

/** The object form of an answer (a tool answer's arguments), or null for text answers. */
export function answerObject(answer: AnswerIndexEntry["answer"]): Json | null {
  if (typeof answer === "string" || isSequenceAnswer(answer)) return null;
  return toolCallsOf(answer)?.[0]?.arguments ?? (answer as Json);
}

/** A wrong value at one key: another enum member, a changed digit, a flipped boolean, a shifted number. */
export function wrongValueObject(value: Json, schema: JsonSchema | null, rng: Rng): Json {
  const keys = Object.keys(value).sort();
  const key = pick(keys, rng);
  if (key === undefined) return { ...value, unexpected: "value" };
  const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const enumValues = props[key]?.enum;
  const current = value[key];
  if (Array.isArray(enumValues)) {
    const others = enumValues.filter((e) => JSON.stringify(e) !== JSON.stringify(current));
    if (others.length > 0) return { ...value, [key]: pick(others, rng) };
  }
  return { ...value, [key]: wrongScalar(current) };
}

function wrongScalar(v: unknown): unknown {
  if (typeof v === "boolean") return !v;
  if (typeof v === "number") return Number.isInteger(v) ? v + 1 : Number((v * 1.1 + 0.1).toFixed(4));
  if (typeof v === "string") return wrongText(v);
  if (Array.isArray(v)) return v.slice(0, Math.max(0, v.length - 1));
  return "unknown";
}

/** Text with one fact changed: its last digit moved by one, else words in reverse order. */
export function wrongText(text: string): string {
  const m = /\d(?=\D*$)/.exec(text);
  if (m) return `${text.slice(0, m.index)}${(Number(m[0]) + 1) % 10}${text.slice(m.index + 1)}`;
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length > 1) return words.reverse().join(" ");
  return text.length > 0 ? `${text}-other` : "other";
}

/** Drops one key, preferring the schema's required ones (a non-strict schema lets that through). */
export function dropField(value: Json, schema: JsonSchema | null, rng: Rng): Json {
  const required = Array.isArray(schema?.required) ? (schema.required as string[]).filter((k) => k in value) : [];
  const key = pick(required.length > 0 ? required : Object.keys(value).sort(), rng);
  if (key === undefined) return value;
  const copy = { ...value };
  delete copy[key];
  return copy;
}

/** JSON as a careless model writes it: a trailing comma before the closing brace. */
export function breakJson(json: string): string {
  const end = json.lastIndexOf("}");
  if (end <= 0) return `${json},`;
  return `${json.slice(0, end)},${json.slice(end)}`;
}
