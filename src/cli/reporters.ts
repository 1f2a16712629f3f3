/** Loading and writing the reporters that `--reporter` and its aliases name (their syntax: reporter-flags.ts). */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pc from "picocolors";
import { EvalgateError } from "../core/index.js";
import { appendStepSummary, createReporter, findReportFormat, REPORTERS, type ReportInput, type Reporter, type ReporterOptions } from "../report/index.js";
import type { ReporterSpec } from "./reporter-flags.js";
import { writeFileAtomic } from "./write-file.js";

export function isModulePath(name: string): boolean {
  return /[\\/]/.test(name) || /\.(c|m)?js$|\.ts$/.test(name);
}

/** Loads a reporter: a built-in, or the default export of a module (a factory or a reporter). */
export async function loadReporter(name: string, options: ReporterOptions): Promise<Reporter> {
  if (!isModulePath(name)) {
    if (findReportFormat(name) === undefined) {
      throw new EvalgateError("BAD_FLAG", `--reporter ${name}: no such reporter`, {
        hint: `built-ins: ${Object.keys(REPORTERS).join(", ")}; or give a module path, e.g. --reporter ./reporters/slack.js`,
      });
    }
    return createReporter(name, options);
  }
  const path = resolve(name);
  if (!existsSync(path)) throw new EvalgateError("FILE_NOT_FOUND", `--reporter ${name}: no module at ${path}`, { hint: "give the path of a .js module whose default export is a reporter" });
  let loaded: unknown;
  try {
    loaded = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new EvalgateError("BAD_FLAG", `--reporter ${name}: the module cannot be loaded: ${(error as Error).message}`, { hint: "check that it is a JavaScript module (ESM) that runs on its own" });
  }
  const reporter = typeof loaded === "function" ? (loaded as (o: ReporterOptions) => unknown)(options) : loaded;
  if (!isReporter(reporter)) {
    throw new EvalgateError("BAD_FLAG", `--reporter ${name}: its default export is not a reporter`, {
      hint: "export default { format: \"mine\", extension: \"txt\", render(input) { return \"…\" } } (or a function of the options returning one); see docs/reports.md",
    });
  }
  return reporter;
}

function isReporter(value: unknown): value is Reporter {
  return typeof value === "object" && value !== null && typeof (value as Reporter).render === "function";
}

export interface OutputOptions {
  topRegressions?: number;
  /** Print the console reporter even when no spec asks for it (compare; run with verdicts). */
  console: boolean;
}

/**
 * Renders the report input through each spec'd reporter, writes or prints each, and appends
 * the Markdown report to `$GITHUB_STEP_SUMMARY` when it is set.
 */
export async function writeReports(input: ReportInput, specs: readonly ReporterSpec[], options: OutputOptions): Promise<void> {
  const color = pc.isColorSupported && process.stdout.isTTY === true;
  const wantsConsole = options.console && !specs.some((s) => s.file === undefined && !isModulePath(s.name) && findReportFormat(s.name) === "console");
  if (wantsConsole) process.stdout.write(createReporter("console", { color, topRegressions: options.topRegressions }).render(input));
  for (const spec of specs) {
    const toStdout = spec.file === undefined;
    const reporter = await loadReporter(spec.name, { color: toStdout && color, topRegressions: options.topRegressions });
    const text = await reporter.render(input);
    if (typeof text !== "string") throw new EvalgateError("BAD_FLAG", `--reporter ${spec.name}: render() must return a string, got ${typeof text}`, { hint: "return the whole report as one string" });
    if (toStdout) process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    else writeFileAtomic(spec.file as string, text);
  }
  if (process.env.GITHUB_STEP_SUMMARY) appendStepSummary(createReporter("markdown", { topRegressions: options.topRegressions }).render(input));
}

/** Loads every spec'd reporter before any work, so a wrong name fails before a paid run. */
export async function checkReporters(specs: readonly ReporterSpec[]): Promise<void> {
  for (const spec of specs) await loadReporter(spec.name, {});
}
