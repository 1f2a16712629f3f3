import { createRequire } from "node:module";
import type { Ajv2020 } from "ajv/dist/2020.js";
import type { Ajv } from "ajv";
import {
  firstStrictSchemaProblem,
  STRICT_SCHEMA_KEYWORDS,
  catastrophicReason,
  regexShape,
  checkParams,
  EvalgateError,
  graderFamilies,
  graderFamily,
  graderSpecSchema,
  type CompareSpec,
  type ModelParams,
  type SourceLocation,
} from "../core/index.js";
import { closest, firstIssue, issueError } from "./issues.js";
import type { Path } from "./source.js";
import { hasTemplate } from "./template.js";
import type { SuitePrompt } from "./types.js";

type Locate = (path: Path, key?: boolean) => SourceLocation;

/** Ids must be unique within their list; a duplicate points at its second occurrence. */
export function checkUnique(items: readonly { id: string }[], what: string, locateItem: (index: number) => SourceLocation, firstAt?: (index: number) => SourceLocation): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.id);
    if (first !== undefined) {
      const where = firstAt ? ` (first at ${fmt(firstAt(first))})` : "";
      throw new EvalgateError("SUITE_INVALID", `duplicate ${what} id \`${item.id}\`${where}`, { location: locateItem(i), hint: `${what} ids are unique within a suite: rename one` });
    }
    seen.set(item.id, i);
  });
}

function fmt(loc: SourceLocation): string {
  return [loc.file, loc.line, loc.col].filter((p) => p !== undefined).join(":");
}

/** Resolves a compare ref (`prompt@target`, or a bare target id when there is one prompt) to an arm id. */
export function resolveArmRef(ref: string, promptIds: readonly string[], targetIds: readonly string[]): string | undefined {
  const at = ref.lastIndexOf("@");
  if (at > 0) {
    const [p, t] = [ref.slice(0, at), ref.slice(at + 1)];
    return promptIds.includes(p) && targetIds.includes(t) ? ref : undefined;
  }
  return promptIds.length === 1 && targetIds.includes(ref) ? `${promptIds[0]}@${ref}` : undefined;
}

export function checkCompare(compare: readonly CompareSpec[], promptIds: string[], targetIds: string[], locate: Locate): void {
  const arms = promptIds.flatMap((p) => targetIds.map((t) => `${p}@${t}`));
  compare.forEach((c, i) => {
    for (const side of ["baseline", "candidate"] as const) {
      if (resolveArmRef(c[side], promptIds, targetIds)) continue;
      const bare = !c[side].includes("@") && targetIds.includes(c[side]);
      const near = closest(c[side], [...targetIds, ...arms]);
      throw new EvalgateError("SUITE_REFERENCE", `compare ${side} \`${c[side]}\` is not an arm of this suite${bare ? " (a bare target id needs a suite with one prompt)" : ""}${near && !bare ? ` — did you mean \`${near}\`?` : ""}`, {
        location: locate(["compare", i, side]),
        hint: `arms: ${arms.join(", ")}`,
      });
    }
    if (resolveArmRef(c.baseline, promptIds, targetIds) === resolveArmRef(c.candidate, promptIds, targetIds)) {
      throw new EvalgateError("SUITE_REFERENCE", `compare baseline and candidate are the same arm \`${c.baseline}\``, { location: locate(["compare", i]), hint: "compare two different arms" });
    }
  });
}

/** A target's params against the model catalog: errors are load errors at the param; warnings returned. */
export function checkTargetParams(api: "chat" | "responses", model: string, params: ModelParams, locateTarget: Locate): string[] {
  const result = checkParams(api, model, params);
  const first = result.errors[0];
  if (first !== undefined) {
    const key = Object.keys(params).find((k) => first.startsWith(k) || first.includes(` ${k} `) || first.includes(`${k} "`));
    throw new EvalgateError("SUITE_INVALID", first, {
      location: key ? locateTarget(["params", key]) : locateTarget(["model"]),
      hint: "the API would reject this request: change the value (see docs/translation.md)",
    });
  }
  return result.warnings;
}

let ajv2020: Ajv2020 | undefined;
let ajv7: Ajv | undefined;
// ajv (~11 MB, ~60 ms) loads on the first schema a suite has: a suite without one never pays for it.
const require = createRequire(import.meta.url);

/** A JSON Schema must compile (ajv); `what` names it in the error. */
export function checkJsonSchema(schema: Record<string, unknown>, what: string, location: SourceLocation): void {
  const draft7 = typeof schema.$schema === "string" && /draft-0[4-7]/.test(schema.$schema);
  try {
    if (draft7) {
      const { Ajv: Draft7 } = require("ajv") as typeof import("ajv");
      (ajv7 ??= new Draft7({ strict: false, validateFormats: false })).compile(schema);
    } else {
      const { Ajv2020: Draft2020 } = require("ajv/dist/2020") as typeof import("ajv/dist/2020.js");
      (ajv2020 ??= new Draft2020({ strict: false, validateFormats: false })).compile(schema);
    }
  } catch (e) {
    throw new EvalgateError("SUITE_INVALID", `${what} is not a valid JSON Schema: ${(e as Error).message}`, { location, hint: "fix the schema (https://json-schema.org/understanding-json-schema/)" });
  }
}

/**
 * Strict structured output and strict tools: the API rejects a schema outside the Structured
 * Outputs subset (src/core/strict-schema.ts, the rules the simulator applies too): an object
 * that allows extra keys or leaves a property out of `required`, a keyword the subset lacks,
 * a root that is not an object.
 */
export function checkStrictSchema(schema: unknown, what: string, location: SourceLocation): void {
  if (schema === null || typeof schema !== "object") return;
  const problem = firstStrictSchemaProblem(schema);
  if (!problem) return;
  // `$.address.city` for context ("properties", "address", "properties", "city").
  const path = ["$", ...problem.context.filter((k, i, all) => !(k === "properties" && all[i - 1] !== "properties"))].join(".");
  const fail = (message: string, hint: string) => {
    throw new EvalgateError("SUITE_INVALID", `${what} is strict but ${message}`, { location, hint });
  };
  if (problem.kind === "additional_properties") {
    fail(`the object at ${path} does not set \`additionalProperties: false\``, "strict schemas need additionalProperties: false on every object (or set `strict: false`)");
  }
  if (problem.kind === "required") {
    const props = Object.keys((schemaAt(schema, problem.context).properties ?? {}) as object);
    const required = (schemaAt(schema, problem.context).required ?? []) as unknown[];
    const missing = props.filter((k) => !required.includes(k));
    fail(`${path} does not list ${missing.map((m) => `\`${m}\``).join(", ")} in \`required\``, "strict schemas require every property: make optional ones nullable (type: [T, \"null\"]) or set `strict: false`");
  }
  if (problem.kind === "keyword") {
    fail(`${path} uses a keyword Structured Outputs does not support: ${problem.message}`, `strict schemas may use only: ${[...STRICT_SCHEMA_KEYWORDS].join(", ")} (or set \`strict: false\`)`);
  }
  fail("its root is not an object schema", "a strict schema's root is `type: object` (wrap other values in a property), or set `strict: false`");
}

function schemaAt(schema: object, context: string[]): Record<string, unknown> {
  let node: unknown = schema;
  for (const k of context) node = (node as Record<string, unknown>)[k];
  return node as Record<string, unknown>;
}

const familySchemas = new Map<string, ReturnType<typeof graderSpecSchema>>();

/** One grader spec against its family's schema and the suite (judges, prompts). */
export function checkGrader(spec: Record<string, unknown>, locate: Locate, ctx: { prompts: SuitePrompt[]; judgeIds: string[] }, label: Path = []): void {
  const type = String(spec.type);
  // The reference is checked before the family: model-graded families may register later.
  if (typeof spec.judge === "string" && !hasTemplate(spec.judge) && !ctx.judgeIds.includes(spec.judge)) {
    throw new EvalgateError("SUITE_REFERENCE", `grader judge \`${spec.judge}\` is not a judge of this suite`, { location: locate(["judge"]), hint: ctx.judgeIds.length ? `judges: ${ctx.judgeIds.join(", ")}` : "declare it under `judges:`" });
  }
  const def = graderFamily(type);
  if (!def) {
    const known = graderFamilies().map((f) => f.type).sort();
    const near = closest(type, known);
    throw new EvalgateError("SUITE_INVALID", `unknown grader type \`${type}\`${near ? ` — did you mean \`${near}\`?` : ""}`, {
      location: locate(["type"]),
      hint: known.length ? `known grader types: ${known.join(", ")}` : "no grader families are registered (import src/graders/index.js)",
    });
  }
  let schema = familySchemas.get(type);
  if (!schema) familySchemas.set(type, (schema = graderSpecSchema(def)));
  const result = schema.safeParse(spec);
  if (!result.success) {
    // A template stands for a value of any type until it is rendered with a case's vars.
    const real = result.error.issues.filter((i) => !isTemplateAt(spec, i.path as (string | number)[]));
    if (real.length) throw issueError(firstIssue(real), schema, spec, locate, "SUITE_INVALID", label);
  }
  checkGraderFit(type, spec, locate, ctx);
}

function isTemplateAt(spec: Record<string, unknown>, path: readonly (string | number)[]): boolean {
  let v: unknown = spec;
  for (const p of path) v = v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[p] : undefined;
  return typeof v === "string" && hasTemplate(v);
}

/** Checks that depend on a family's options, keyed by its type name. */
function checkGraderFit(type: string, spec: Record<string, unknown>, locate: Locate, ctx: { prompts: SuitePrompt[]; judgeIds: string[] }): void {
  if (type === "regex" && typeof spec.pattern === "string" && !hasTemplate(spec.pattern)) {
    try {
      new RegExp(spec.pattern, typeof spec.flags === "string" ? spec.flags : "");
    } catch (e) {
      throw new EvalgateError("SUITE_INVALID", `regex pattern does not compile: ${(e as Error).message}`, { location: locate(["pattern"]), hint: "escape special characters with \\\\ in YAML double quotes, or use single quotes" });
    }
  }
  if (type === "json-schema") {
    if (spec.schema !== null && typeof spec.schema === "object") checkJsonSchema(spec.schema as Record<string, unknown>, "the json-schema grader's schema", locate(["schema"]));
    else {
      const bare = ctx.prompts.find((p) => !p.output && !p.fromCase);
      if (bare) throw new EvalgateError("SUITE_INVALID", `json-schema grader has no schema: prompt \`${bare.id}\` has no \`output\` schema`, { location: locate(["type"]), hint: "give the prompt an `output: {name, schema}` or the grader its own `schema:`" });
    }
  }
  if (type === "tool-call") {
    const bare = ctx.prompts.find((p) => !p.tools?.length && !p.fromCase);
    if (bare) throw new EvalgateError("SUITE_INVALID", `tool-call grader needs tools: prompt \`${bare.id}\` offers none`, { location: locate(["type"]), hint: "give the prompt `tools:`, or drop the grader" });
    const offered = new Set(ctx.prompts.flatMap((p) => p.tools?.map((t) => t.name) ?? []));
    checkToolCallShape(spec, locate);
    const named: Array<[unknown, Path]> = [[spec.name, ["name"]], ...(Array.isArray(spec.order) ? spec.order.map((n, i): [unknown, Path] => [n, ["order", i]]) : [])];
    for (const [name, at] of named) {
      if (typeof name === "string" && !hasTemplate(name) && !offered.has(name)) {
        throw new EvalgateError("SUITE_REFERENCE", `tool-call grader expects tool \`${name}\`, which no prompt offers`, { location: locate(at), hint: `tools: ${[...offered].join(", ")}` });
      }
    }
  }
  if (type === "steps") {
    if (spec.max === undefined && spec.min === undefined) throw new EvalgateError("SUITE_INVALID", "a steps grader needs `max` (or `min`)", { location: locate(["type"]), hint: "e.g. { type: steps, max: 3 }" });
    if (typeof spec.max === "number" && typeof spec.min === "number" && spec.min > spec.max) {
      throw new EvalgateError("SUITE_INVALID", `a steps grader's min (${spec.min}) is over its max (${spec.max})`, { location: locate(["min"]), hint: "min ≤ max" });
    }
  }
}

/** tool-call names one call (`name`, with `index` or `step` at most) or a sequence (`order`, alone). */
function checkToolCallShape(spec: Record<string, unknown>, locate: Locate): void {
  const fail = (message: string, at: Path, hint: string) => {
    throw new EvalgateError("SUITE_INVALID", message, { location: locate(at, true), hint });
  };
  if (spec.order !== undefined) {
    const extra = ["name", "arguments", "index", "step"].find((k) => spec[k] !== undefined);
    if (extra) fail(`a tool-call grader with \`order\` checks the sequence of calls; \`${extra}\` does not apply`, [extra], "use two graders: one with `order`, one with `name` (and `step`)");
    return;
  }
  if (spec.name === undefined) fail("a tool-call grader needs `name` (one call) or `order` (the sequence of calls)", ["type"], "e.g. { type: tool-call, name: lookup_order, step: 1 }");
  if (spec.index !== undefined && spec.step !== undefined) fail("a tool-call grader takes `index` (0-based) or `step` (1-based), not both", ["step"], "keep one");
}

/** `redact:` patterns are regexes applied to stored prompts and outputs: each must compile. */
export function checkRedact(patterns: readonly string[], locateItem: (index: number) => SourceLocation): void {
  patterns.forEach((pattern, i) => {
    try {
      new RegExp(pattern, "g");
    } catch (e) {
      throw new EvalgateError("SUITE_INVALID", `redact pattern does not compile: ${(e as Error).message}`, { location: locateItem(i), hint: "in YAML double quotes write \\\\b for \\b; or use single quotes" });
    }
    // Redaction runs on every stored string, outside the regex sandbox: refuse what can backtrack forever.
    const reason = catastrophicReason(regexShape(pattern));
    if (reason !== null) {
      throw new EvalgateError("SUITE_INVALID", `redact pattern ${JSON.stringify(pattern)} can backtrack catastrophically: ${reason}`, {
        location: locateItem(i),
        hint: "quantify a single token instead, e.g. (a+)+ → a+, (\\w+\\s?)+ → [\\w\\s]+",
      });
    }
  });
}
