import { EvalgateError, formatLocation, type SourceLocation } from "../core/index.js";

/**
 * Templating (docs/design/architecture.md §4): `{{var}}` and `{{var.path}}`, no HTML escaping. A string that
 * is exactly one template keeps the var's type; inside text, strings are inserted as they
 * are, numbers and booleans as written, null as nothing, maps and lists as JSON.
 */
const TEMPLATE = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g;
const SINGLE = /^\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}$/;

export type Vars = Record<string, unknown>;

/** Where a template is, for errors: a position and what it belongs to. */
export interface TemplateWhere {
  location?: SourceLocation;
  /** e.g. "case refund-late (datasets/t.jsonl:3)"; a function is only called for an error. */
  caseLabel?: string | (() => string);
}

interface Compiled {
  /** Literal text and var paths, alternating: text, path, text, path, …, text. */
  parts: (string | string[])[];
  single: string[] | null;
}

const cache = new Map<string, Compiled>();

function compile(template: string): Compiled {
  let compiled = cache.get(template);
  if (compiled) return compiled;
  const parts: (string | string[])[] = [];
  let last = 0;
  for (const m of template.matchAll(TEMPLATE)) {
    parts.push(template.slice(last, m.index), m[1]!.split("."));
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  const single = SINGLE.exec(template);
  compiled = { parts, single: single ? single[1]!.split(".") : null };
  if (cache.size < 10_000) cache.set(template, compiled);
  return compiled;
}

export function hasTemplate(text: string): boolean {
  return text.includes("{{") && compile(text).parts.length > 1;
}

/** The var paths a template uses (`ticket`, `order.id`). */
export function templateVars(template: string): string[] {
  return compile(template).parts.filter((p): p is string[] => Array.isArray(p)).map((p) => p.join("."));
}

function lookup(vars: Vars, path: string[], template: string, where: TemplateWhere): unknown {
  let v: unknown = vars;
  for (const key of path) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) throw unknownVar(path, vars, template, where);
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function unknownVar(path: string[], vars: Vars, template: string, where: TemplateWhere): EvalgateError {
  const name = path.join(".");
  const label = typeof where.caseLabel === "function" ? where.caseLabel() : where.caseLabel;
  const forCase = label ? ` for ${label}` : "";
  const known = Object.keys(vars);
  return new EvalgateError("TEMPLATE_ERROR", `unknown variable \`${name}\` in template ${JSON.stringify(clip(template))}${forCase}`, {
    ...(where.location ? { location: where.location } : {}),
    hint: known.length ? `the case's vars are: ${known.join(", ")}` : "the case has no vars: give it `vars:` (or dataset columns)",
  });
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function asText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Renders text: every `{{var}}` replaced; an unknown var is a TEMPLATE_ERROR. */
export function renderTemplate(template: string, vars: Vars, where: TemplateWhere = {}): string {
  if (!template.includes("{{")) return template;
  const { parts } = compile(template);
  if (parts.length === 1) return template;
  let out = "";
  for (const part of parts) out += typeof part === "string" ? part : asText(lookup(vars, part, template, where));
  return out;
}

/** Renders a string keeping the type of a lone template (`"{{n}}"` with n = 3 gives 3). */
export function renderTyped(template: string, vars: Vars, where: TemplateWhere = {}): unknown {
  if (!template.includes("{{")) return template;
  const { single } = compile(template);
  return single ? lookup(vars, single, template, where) : renderTemplate(template, vars, where);
}

/** Renders every string inside a value (maps and lists deep); keys are left as they are. */
export function renderValue(value: unknown, vars: Vars, where: TemplateWhere = {}): unknown {
  if (typeof value === "string") return renderTyped(value, vars, where);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, vars, where));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderValue(v, vars, where);
    return out;
  }
  return value;
}

/** Whether any string inside a value holds a template. */
export function valueHasTemplate(value: unknown): boolean {
  if (typeof value === "string") return hasTemplate(value);
  if (Array.isArray(value)) return value.some(valueHasTemplate);
  if (value !== null && typeof value === "object") return Object.values(value).some(valueHasTemplate);
  return false;
}

/** Every template string inside a value, with its path below the value. */
export function templatesIn(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; template: string }[] {
  if (typeof value === "string") return hasTemplate(value) ? [{ path, template: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => templatesIn(v, [...path, i]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => templatesIn(v, [...path, k]));
  return [];
}

/** Throws when a var path a template uses is missing from the vars (the load-time check). */
export function checkTemplate(template: string, vars: Vars, where: TemplateWhere): void {
  for (const part of compile(template).parts) if (typeof part !== "string") lookup(vars, part, template, where);
}

export function caseLabel(id: string, location: SourceLocation | undefined): string {
  return location ? `case ${id} (${formatLocation(location)})` : `case ${id}`;
}
