import { describeType, formatJsonPath, type PathSegment } from "./json-path.js";
import { show } from "./show.js";

export interface DiffOptions {
  /** Keys the actual object has beyond the expected ones are allowed (tool-call arguments). */
  subset?: boolean;
  /**
   * A string equals a number or boolean with the same text ("3" = 3, "true" = true): CSV
   * dataset vars are strings while model JSON has numbers.
   */
  looseScalars?: boolean;
}

/** The first place two JSON values differ; `path` is where (`$` the root). */
export interface Difference {
  path: string;
  kind: "missing" | "unexpected" | "value";
  expected: unknown;
  actual: unknown;
}

/** Deep comparison, object key order ignored; null when equal. */
export function firstDifference(expected: unknown, actual: unknown, options: DiffOptions = {}, at: PathSegment[] = []): Difference | null {
  if (Array.isArray(expected) && Array.isArray(actual)) return arrayDifference(expected, actual, options, at);
  if (isPlainObject(expected) && isPlainObject(actual)) return objectDifference(expected, actual, options, at);
  if (scalarsEqual(expected, actual, options.looseScalars ?? false)) return null;
  return { path: formatJsonPath(at), kind: "value", expected, actual };
}

function arrayDifference(expected: unknown[], actual: unknown[], options: DiffOptions, at: PathSegment[]): Difference | null {
  const common = Math.min(expected.length, actual.length);
  for (let i = 0; i < common; i++) {
    const d = firstDifference(expected[i], actual[i], options, [...at, { kind: "index", index: i }]);
    if (d) return d;
  }
  if (expected.length > actual.length) {
    return { path: formatJsonPath([...at, { kind: "index", index: common }]), kind: "missing", expected: expected[common], actual: undefined };
  }
  if (actual.length > expected.length) {
    return { path: formatJsonPath([...at, { kind: "index", index: common }]), kind: "unexpected", expected: undefined, actual: actual[common] };
  }
  return null;
}

function objectDifference(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  options: DiffOptions,
  at: PathSegment[],
): Difference | null {
  for (const key of Object.keys(expected).sort()) {
    const here: PathSegment[] = [...at, { kind: "key", key }];
    if (!Object.hasOwn(actual, key)) {
      return { path: formatJsonPath(here), kind: "missing", expected: expected[key], actual: undefined };
    }
    const d = firstDifference(expected[key], actual[key], options, here);
    if (d) return d;
  }
  if (options.subset) return null;
  for (const key of Object.keys(actual).sort()) {
    if (!Object.hasOwn(expected, key)) {
      return { path: formatJsonPath([...at, { kind: "key", key }]), kind: "unexpected", expected: undefined, actual: actual[key] };
    }
  }
  return null;
}

function scalarsEqual(expected: unknown, actual: unknown, loose: boolean): boolean {
  if (Object.is(expected, actual) || expected === actual) return true;
  if (!loose) return false;
  const scalar = (v: unknown) => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
  if (!scalar(expected) || !scalar(actual) || typeof expected === typeof actual) return false;
  return String(expected).trim() === String(actual).trim();
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "$.items[1].qty: expected 2, got 3" · "$.team is missing" · "$.extra is unexpected (= 1)". */
export function describeDifference(d: Difference): string {
  if (d.kind === "missing") return `${d.path} is missing (expected ${show(d.expected)})`;
  if (d.kind === "unexpected") return `${d.path} is unexpected (got ${show(d.actual)})`;
  const types = describeType(d.expected) !== describeType(d.actual) ? ` (${describeType(d.actual)})` : "";
  return `${d.path}: expected ${show(d.expected)}, got ${show(d.actual)}${types}`;
}
