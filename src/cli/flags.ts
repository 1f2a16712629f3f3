import { EvalgateError } from "../core/errors.js";
import { CACHE_MODES, type CacheMode } from "../runner/cache.js";

/**
 * Parsers for commander options that fail as bad input (exit 2), naming the flag. Commands
 * register with these before any action runs, so this file imports only small files
 * (core/errors.js, runner/cache.js), never a folder's index (docs/design/architecture.md §5).
 */
export function positiveInt(flag: string, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new EvalgateError("BAD_FLAG", `${flag} must be a positive integer, got '${value}'`, { hint: `e.g. ${flag} 4` });
    }
    if (n > max) throw new EvalgateError("BAD_FLAG", `${flag} is at most ${max.toLocaleString("en-US")}, got '${value}'`, { hint: `e.g. ${flag} 4` });
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

export const ALLOW_PATH_HELP = "let the suite read files below this folder too (repeatable; default: its project root only)";

/** `--allow-path`: repeatable, one folder each (a folder name may hold a comma). */
export function collectPaths(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--cache read|write|off`. */
export function cacheMode(value: string): CacheMode {
  if ((CACHE_MODES as readonly string[]).includes(value)) return value as CacheMode;
  throw new EvalgateError("BAD_FLAG", `--cache must be one of ${CACHE_MODES.join(", ")}, got '${value}'`, {
    hint: "--cache write records responses, --cache read replays them (CI re-grading without paid calls)",
  });
}

/** `--port`: 0 (a free port) to 65535. */
export function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new EvalgateError("BAD_FLAG", `--port must be an integer from 0 to 65535, got '${value}'`, { hint: "e.g. --port 8787 (0 picks a free port)" });
  }
  return n;
}

/** Resolves on the first Ctrl-C or SIGTERM: how the servers (`sim`, `view`) stop. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** `--stages 1,10,50,100`: increasing percentages in (0, 100]. */
export function stagePercents(value: string): number[] {
  const parts = value.split(",").map((s) => s.trim()).filter(Boolean);
  const stages = parts.map(Number);
  const ok = stages.length > 0 && stages.every((n, i) => Number.isFinite(n) && n > 0 && n <= 100 && (i === 0 || n > (stages[i - 1] as number)));
  if (!ok) throw new EvalgateError("BAD_FLAG", `--stages takes increasing percentages above 0 and at most 100, separated by commas, got '${value}'`, { hint: "e.g. --stages 1,10,50,100" });
  return stages;
}

/** A positive number (`--traffic-per-hour`, `--stage`, `--latency-threshold-ms`). */
export function positiveNumber(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new EvalgateError("BAD_FLAG", `${flag} must be a number above 0, got '${value}'`, { hint: `e.g. ${flag} 10` });
    return n;
  };
}
