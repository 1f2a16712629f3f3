import { z } from "zod";
import { defineGraderFamily } from "../registry.js";
import type { GraderValue } from "../types.js";
import { displayPath, errorLocation, copyForUser, errorText, loadUserModule, UserModuleError, withTimeout, TimeoutError } from "../../core/index.js";
import { resolve } from "node:path";

/**
 * javascript: a user function `(output, { vars, caseId, config }) → boolean | number |
 * { pass?, score?, reason? }` (or a promise of one), exported by `module` as `export`.
 * Whatever goes wrong in the user's code is a failing score naming the module and line;
 * it never crashes the run.
 */
defineGraderFamily({
  type: "javascript",
  description: "a function exported by a user module (`module`, `export`) returns a boolean, a score in [0,1] or { pass, score, reason }",
  kind: "metric",
  defaultThreshold: 0.5,
  options: {
    module: z.string().min(1),
    export: z.string().min(1).default("default"),
    config: z.record(z.string(), z.json()).optional(),
    timeout_ms: z.number().int().positive().default(10_000),
  },
  grade: async ({ output, spec, vars, caseId, suiteDir }) => {
    // Relative to the suite's folder (docs/graders.md); the working directory without one.
    const file = resolve(suiteDir ?? process.cwd(), String(spec.module));
    const name = String(spec.export);
    const label = `${displayPath(file)}${name === "default" ? "" : `#${name}`}`;
    let fn: unknown;
    try {
      const mod = await loadUserModule(file);
      fn = mod[name];
      if (typeof fn !== "function") {
        const exported = Object.keys(mod).filter((k) => typeof mod[k] === "function");
        return fail(`javascript grader module ${displayPath(file)} has no function export '${name}' (its function exports: ${exported.join(", ") || "none"})`);
      }
    } catch (e) {
      return fail(e instanceof UserModuleError ? e.message : `javascript grader ${label}: ${errorText(e)}`);
    }
    const context = { vars: copyForUser(vars), caseId, config: copyForUser(spec.config ?? {}) };
    const outputCopy = copyForUser(output);
    try {
      const result = await withTimeout(Promise.resolve((fn as Function)(outputCopy, context)), spec.timeout_ms as number);
      return interpret(result, label);
    } catch (e) {
      if (e instanceof TimeoutError) return fail(`javascript grader ${label} did not return within ${String(spec.timeout_ms)} ms`);
      const at = errorLocation(e, file) ?? label;
      return fail(`javascript grader ${at} threw ${errorText(e)}`);
    }
  },
});


function fail(reason: string): GraderValue {
  return { value: 0, reason, unchecked: true };
}

/** boolean → 1/0 · number in [0,1] → the score · { pass, score, reason } → as given. */
function interpret(result: unknown, label: string): GraderValue {
  if (typeof result === "boolean") return { value: result ? 1 : 0, reason: `${label} returned ${result}` };
  if (isScore(result)) return { value: result, reason: `${label} returned ${result}` };
  if (typeof result === "object" && result !== null) {
    const { pass, score, reason } = result as { pass?: unknown; score?: unknown; reason?: unknown };
    const validPass = pass === undefined || typeof pass === "boolean";
    const validScore = score === undefined || isScore(score);
    if (validPass && validScore && (pass !== undefined || score !== undefined)) {
      const value = (score as number | undefined) ?? (pass ? 1 : 0);
      const why = typeof reason === "string" && reason !== "" ? reason : `${label} returned ${JSON.stringify({ pass, score })}`;
      return { value, reason: why, ...(pass === undefined ? {} : { pass: pass as boolean }) };
    }
  }
  return fail(`javascript grader ${label} returned ${describe(result)}; expected a boolean, a number in [0,1] or { pass, score, reason }`);
}

function isScore(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 1;
}

function describe(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

