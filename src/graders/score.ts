import type { GraderSpec, Output, Score } from "../core/index.js";
import { graderFamilyFor, parseGraderOptions } from "./registry.js";
import type { GradeContext, GraderFamily, GraderValue } from "./types.js";

/** The grader's name in reports: its `name`, else its type and path ("equals $.team"). */
export function defaultGraderName(spec: GraderSpec): string {
  if (spec.name) return spec.name;
  return typeof spec.path === "string" ? `${spec.type} ${spec.path}` : spec.type;
}

/**
 * Runs one grader and builds its Score: applies `not` (value → 1 − value), `threshold`
 * (the family's default unless set) and `weight`. Never throws: a grader that throws, or
 * returns something that is not a value in [0,1], yields a failing score whose reason
 * says why, so one bad grader cannot crash a run.
 */
export async function scoreGrader(output: Output, spec: GraderSpec, ctx: GradeContext, name = defaultGraderName(spec)): Promise<Score> {
  // A spec too broken to parse still counts (and fails): its weight if usable, else 1.
  const weight = typeof spec.weight === "number" && spec.weight >= 0 ? spec.weight : 1;
  const failed = (reason: string): Score => ({ grader: name, type: spec.type, value: 0, pass: false, reason, weight });
  let family: GraderFamily;
  let options: GraderSpec;
  try {
    family = graderFamilyFor(spec.type);
    options = parseGraderOptions(spec) as GraderSpec;
  } catch (e) {
    return failed(`grader not run: ${(e as Error).message}`);
  }
  let raw: GraderValue;
  try {
    raw = await family.grade({ ...ctx, output, spec: options });
  } catch (e) {
    return failed(`${spec.type} grader error: ${(e as Error).message ?? String(e)}`);
  }
  if (raw.value !== null && !(typeof raw.value === "number" && raw.value >= 0 && raw.value <= 1)) {
    return failed(`${spec.type} grader returned ${String(raw.value)}, not a value in [0,1]`);
  }
  const score = applyOptions(raw, options, family.defaultThreshold);
  return { grader: name, type: spec.type, ...score, weight: options.weight, ...(raw.judgeCost ? { judgeCost: raw.judgeCost } : {}) };
}

function applyOptions(raw: GraderValue, options: GraderSpec, defaultThreshold: number): Pick<Score, "value" | "pass" | "reason"> {
  if (raw.value === null) return { value: null, pass: true, reason: `unscored: ${raw.reason}` };
  if (raw.unchecked) return { value: 0, pass: false, reason: raw.reason };
  const inverted = options.not;
  const value = inverted ? 1 - raw.value : raw.value;
  const threshold = options.threshold ?? defaultThreshold;
  const ownPass = raw.pass === undefined ? undefined : inverted ? !raw.pass : raw.pass;
  const pass = options.threshold === undefined && ownPass !== undefined ? ownPass : value >= threshold;
  let reason = inverted && !pass ? `unexpected: ${raw.reason}` : raw.reason;
  if (options.threshold !== undefined || (value !== 0 && value !== 1)) {
    reason += ` [${round(value)} ${value >= threshold ? "≥" : "<"} threshold ${threshold}]`;
  }
  return { value, pass, reason };
}

function round(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}
