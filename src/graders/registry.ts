import type { z } from "zod";
import { EvalgateError, graderFamily, graderSpecSchema, registerGraderFamily } from "../core/index.js";
import type { Grader, GraderFamily, GraderKind } from "./types.js";

export interface GraderFamilyDefinition {
  type: string;
  /** One line for `--help`, docs and "unknown grader type" errors. */
  description: string;
  /** The family's own option keys (zod); the common keys (name, weight, not, threshold) are added. */
  options: z.ZodRawShape;
  kind: GraderKind;
  /** Defaults to 1 for checks; a metric states its own. */
  defaultThreshold?: number;
  grade: Grader;
}

const registry = new Map<string, GraderFamily>();

/**
 * Registers a grader family: its option schema in core (so the suite loader validates specs
 * against it) and its grading function here. Called once per family at import time.
 */
export function defineGraderFamily(def: GraderFamilyDefinition): GraderFamily {
  if (def.kind === "metric" && def.defaultThreshold === undefined) {
    throw new Error(`grader family '${def.type}' is a metric and must state its default threshold`);
  }
  registerGraderFamily({ type: def.type, options: def.options, description: def.description });
  const family: GraderFamily = {
    type: def.type,
    kind: def.kind,
    defaultThreshold: def.defaultThreshold ?? 1,
    grade: def.grade,
  };
  registry.set(def.type, family);
  return family;
}

export function knownGraderTypes(): string[] {
  return [...registry.keys()].sort();
}

/** The family of a grader type; an unknown type is an error listing the known ones. */
export function graderFamilyFor(type: string): GraderFamily {
  const family = registry.get(type);
  if (family) return family;
  throw new EvalgateError("SUITE_INVALID", `unknown grader type '${type}'`, {
    hint: `known grader types: ${knownGraderTypes().join(", ")}`,
  });
}

const parsedSpecs = new WeakMap<object, Record<string, unknown>>();
const specSchemas = new Map<string, ReturnType<typeof graderSpecSchema>>();

/** Building a zod object schema costs far more than parsing with it: one per family. */
function specSchemaFor(type: string): ReturnType<typeof graderSpecSchema> {
  let schema = specSchemas.get(type);
  if (!schema) {
    const def = graderFamily(type);
    if (!def) throw new EvalgateError("SUITE_INVALID", `unknown grader type '${type}'`);
    schema = graderSpecSchema(def);
    specSchemas.set(type, schema);
  }
  return schema;
}

/**
 * A spec with the family's defaults applied (`of: total`, `export: default`…), validated
 * against the family's schema. Specs arrive from the planner already rendered, so a
 * template that rendered into a wrong type surfaces here. Cached per spec object.
 */
export function parseGraderOptions(spec: { type: string } & Record<string, unknown>): Record<string, unknown> {
  const cached = parsedSpecs.get(spec);
  if (cached) return cached;
  const result = specSchemaFor(spec.type).safeParse(spec);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(spec)"}: ${i.message}`);
    throw new EvalgateError("SUITE_INVALID", `${spec.type} grader options are invalid: ${issues.join("; ")}`);
  }
  const parsed = result.data as Record<string, unknown>;
  parsedSpecs.set(spec, parsed);
  return parsed;
}
