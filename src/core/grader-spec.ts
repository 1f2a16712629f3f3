import { z } from "zod";

/**
 * Grader families register their own option schemas here (docs/design/architecture.md §3), so the suite
 * schema grows with them while `core` knows none of them. The options every grader
 * shares are below; a family adds its own keys.
 */
export const graderCommonShape = {
  type: z.string(),
  /** Shown in reports; defaults to the type (and path). */
  name: z.string().optional(),
  /** Share of the attempt's score; 0 = informational, never fails the attempt. */
  weight: z.number().min(0).default(1),
  /** Inverts a check. */
  not: z.boolean().default(false),
  /** Passes when value ≥ threshold (default 1 for checks, per family for metrics). */
  threshold: z.number().min(0).max(1).optional(),
};

export interface GraderFamilyDefinition {
  type: string;
  /** The family's own keys (the common ones are added). */
  options: z.ZodRawShape;
  /** One line for `--help`, docs and "unknown grader type" errors. */
  description: string;
}

const families = new Map<string, GraderFamilyDefinition>();

export function registerGraderFamily(def: GraderFamilyDefinition): void {
  if (families.has(def.type)) throw new Error(`grader family '${def.type}' is registered twice`);
  families.set(def.type, def);
}

export function graderFamilies(): readonly GraderFamilyDefinition[] {
  return [...families.values()];
}

export function graderFamily(type: string): GraderFamilyDefinition | undefined {
  return families.get(type);
}

/** The strict schema of one family's spec: common keys + the family's keys. */
export function graderSpecSchema(def: GraderFamilyDefinition) {
  return z.object({ ...graderCommonShape, ...def.options, type: z.literal(def.type) }).strict();
}

/** A grader spec as the suite holds it after validation. */
export type GraderSpec = z.infer<z.ZodObject<typeof graderCommonShape>> & Record<string, unknown>;
