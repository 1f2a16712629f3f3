import { EvalgateError } from "../core/errors.js";
import { checkOutputPath } from "./write-file.js";

/**
 * `--reporter name[=file]` (repeatable) on run, compare, resume and merge
 * (docs/design/architecture.md §5): a built-in by name (console, json, junit, markdown, csv,
 * html and their short names) or a module path for a user's own reporter; with `=file` its
 * output is written there (atomically), without it printed to stdout. `--json F`,
 * `--junit F`, `--markdown F` are `--reporter json=F` and so on. The flag's syntax is
 * checked here, as commands register; the names when the reporters load (reporters.ts).
 */
export interface ReporterSpec {
  /** As given: a built-in name or a module path. */
  name: string;
  file?: string;
  /** The flag it came from, for messages: `--reporter` or an alias (`--json`). */
  flag?: string;
}

export const REPORTER_HELP = "a reporter: a built-in name (console, json, junit, markdown, csv, html) or a module path, with =FILE to write it there (repeatable)";

/** Commander collector for `--reporter`: checks the syntax now, the name when the reporters are loaded. */
export function collectReporter(value: string, previous: ReporterSpec[] = []): ReporterSpec[] {
  const eq = value.indexOf("=");
  const name = (eq < 0 ? value : value.slice(0, eq)).trim();
  const file = eq < 0 ? undefined : value.slice(eq + 1).trim();
  if (name === "" || file === "") {
    throw new EvalgateError("BAD_FLAG", `--reporter takes NAME or NAME=FILE, got '${value}'`, { hint: "e.g. --reporter junit=reports/junit.xml or --reporter ./my-reporter.js=out.txt" });
  }
  return [...previous, file === undefined ? { name } : { name, file }];
}

/** The specs a command's flags ask for: `--reporter` ones, then the `--json/--junit/--markdown` aliases. */
export function reporterSpecs(flags: { reporter?: ReporterSpec[]; json?: string; junit?: string; markdown?: string }): ReporterSpec[] {
  const specs = [...(flags.reporter ?? [])];
  for (const name of ["json", "junit", "markdown"] as const) {
    const file = flags[name];
    if (file !== undefined) specs.push({ name, file, flag: `--${name}` });
  }
  for (const s of specs) checkOutputPath(s.flag ?? `--reporter ${s.name}`, s.file);
  return specs;
}
