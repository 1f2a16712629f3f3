import type { AttemptOutcome } from "../store/index.js";
import { ApiError } from "./api-error.js";

/** Query strings arrive as strings (or arrays when repeated): these read one value or fail with 400. */
export type Query = Record<string, unknown>;

export function optionalString(query: Query, name: string): string | undefined {
  const v = query[name];
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "string") throw new ApiError("BAD_QUERY", `query parameter '${name}' must be given once`);
  return v;
}

export function intParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = optionalString(query, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ApiError("BAD_QUERY", `query parameter '${name}' must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return n;
}

export function enumParam<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const raw = optionalString(query, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ApiError("BAD_QUERY", `query parameter '${name}' must be one of ${allowed.join(", ")}, got '${raw}'`);
  }
  return raw as T;
}

export const ATTEMPT_OUTCOMES: readonly AttemptOutcome[] = ["pass", "fail", "error"];

/** A path segment that must be a non-negative integer (the repeat index). */
export function intSegment(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new ApiError("BAD_QUERY", `${name} must be a non-negative integer, got '${value}'`);
  return Number(value);
}
