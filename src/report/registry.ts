import { EvalgateError } from "../core/index.js";
import { createConsoleReporter } from "./console-reporter.js";
import { createCsvReporter } from "./csv-reporter.js";
import { createHtmlReporter } from "./html-reporter.js";
import { createJsonReporter } from "./json-reporter.js";
import { createJunitReporter } from "./junit-reporter.js";
import { createMarkdownReporter } from "./markdown-reporter.js";
import type { ReportFormat, Reporter, ReporterFactory, ReporterOptions } from "./reporter.js";

/** The built-in reporters by name (STYLE.md habit 2). */
export const REPORTERS: Readonly<Record<ReportFormat, ReporterFactory>> = {
  console: createConsoleReporter,
  json: createJsonReporter,
  junit: createJunitReporter,
  markdown: createMarkdownReporter,
  csv: createCsvReporter,
  html: createHtmlReporter,
};

/** Short names accepted wherever a format is named. */
const ALIASES: Readonly<Record<string, ReportFormat>> = { md: "markdown", xml: "junit", text: "console" };

export function isReportFormat(name: string): name is ReportFormat {
  return Object.hasOwn(REPORTERS, name);
}

/** The format a name or short name means; undefined for an unknown one. */
export function findReportFormat(name: string): ReportFormat | undefined {
  const key = name.trim().toLowerCase();
  const format = ALIASES[key] ?? key;
  return isReportFormat(format) ? format : undefined;
}

export function resolveReportFormat(name: string): ReportFormat {
  const format = findReportFormat(name);
  if (format) return format;
  const known = [...Object.keys(REPORTERS), ...Object.keys(ALIASES).map((a) => `${a} (= ${ALIASES[a]})`)].join(", ");
  throw new EvalgateError("BAD_FLAG", `unknown report format '${name}'`, { hint: `known formats: ${known}` });
}

/** A reporter by name (`md`, `markdown`, `junit`, …); an unknown name lists the known ones. */
export function createReporter(format: string, options: ReporterOptions = {}): Reporter {
  return REPORTERS[resolveReportFormat(format)](options);
}
