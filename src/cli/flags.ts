import { EvalgateError } from "../core/index.js";

/** Parsers for commander options that fail as bad input (exit 2), naming the flag. */
export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new EvalgateError("BAD_FLAG", `${flag} must be a positive integer, got '${value}'`, { hint: `e.g. ${flag} 4` });
    }
    return n;
  };
}

export function nonNegativeNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) {
      throw new EvalgateError("BAD_FLAG", `${flag} must be a number ≥ 0, got '${value}'`, { hint: `e.g. ${flag} 5.00` });
    }
    return n;
  };
}

/** Repeatable and comma-separated: `--tag a --tag b,c` → [a, b, c]. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}
