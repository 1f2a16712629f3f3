import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { EvalgateError, type SourceLocation } from "../core/index.js";
import type { PathPolicy } from "./path-policy.js";
import { displayPath, type Path } from "./source.js";
import { hasTemplate } from "./template.js";

/**
 * The files a grader names — a `javascript` grader's `module`, a model-graded grader's
 * `prompt: file://…` — resolved against the suite's folder (docs/graders.md), checked
 * against the path policy and required to exist, all at load time: a missing module is
 * a load error, not an error in every attempt.
 */
export function checkGraderFiles(spec: Record<string, unknown>, dir: string, locate: (p: Path, k?: boolean) => SourceLocation, policy: PathPolicy): void {
  if (spec.type === "javascript" && typeof spec.module === "string") {
    const at = locate(["module"]);
    if (hasTemplate(spec.module)) {
      throw new EvalgateError("SUITE_INVALID", "a javascript grader's `module` cannot be a template", { location: at, hint: "name the module file literally (relative to the suite's folder)" });
    }
    requireFile(resolve(dir, spec.module), at, policy, "javascript grader module");
  }
  if (typeof spec.prompt === "string" && spec.prompt.startsWith("file://")) {
    requireFile(resolve(dir, spec.prompt.slice("file://".length)), locate(["prompt"]), policy, "judge prompt");
  }
}

function requireFile(path: string, at: SourceLocation, policy: PathPolicy, what: string): void {
  policy.check(path, at, what);
  if (!existsSync(path)) {
    throw new EvalgateError("FILE_NOT_FOUND", `${what} not found: ${displayPath(path)}`, { location: at, hint: "paths are relative to the suite file's folder" });
  }
}
