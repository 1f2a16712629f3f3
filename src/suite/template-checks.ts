import type { SimConfig, SourceLocation } from "../core/index.js";
import { locateInCase, type RawCase } from "./dataset.js";
import type { Path } from "./source.js";
import { caseLabel, checkTemplate, hasTemplate, templatesIn } from "./template.js";
import type { SuiteContent, SuitePrompt } from "./types.js";

/** The suite's `sim:` map (or the --sim-config file's) and where its paths are. */
export interface LoadedSim {
  config: SimConfig;
  /** Locates a path inside the `sim:` map (the suite's or the --sim-config file's). */
  locate: (p: Path) => SourceLocation;
}

export interface TemplateSite {
  template: string;
  location: SourceLocation;
  /** A tool's template: `{{args.…}}` are the call's arguments, not case vars. */
  withArgs?: boolean;
}

/** Every template of the suite that each case's vars must satisfy, with its position. */
export function collectSuiteTemplates(
  prompts: readonly SuitePrompt[],
  graders: readonly Record<string, unknown>[],
  sim: LoadedSim,
  locate: (p: Path) => SourceLocation,
): TemplateSite[] {
  const sites: TemplateSite[] = [];
  const add = (template: string | null | undefined, path: Path) => {
    if (typeof template === "string" && hasTemplate(template)) sites.push({ template, location: locate(path) });
  };
  const addContent = (content: SuiteContent | null | undefined, path: Path) => {
    if (typeof content !== "object" || content === null) return add(content, path);
    content.forEach((part, k) => (part.type === "text" ? add(part.text, [...path, k, "text"]) : add(part.image, [...path, k, "image"])));
  };
  prompts.forEach((p, i) => {
    p.tools?.forEach((t, j) => {
      const impl = p.loop?.implementations[t.name];
      if (impl?.kind !== "template") return;
      // `{{args.…}}` are the call's arguments, known only when the model calls: the rest are case vars.
      for (const s of templatesIn(impl.template)) {
        if (hasTemplate(s.template)) sites.push({ template: s.template, location: locate(["prompts", i, "tools", j, "implementation", "template", ...s.path]), withArgs: true });
      }
    });
    add(p.instructions, ["prompts", i, "instructions"]);
    addContent(p.input, ["prompts", i, "input"]);
    p.messages?.forEach((m, j) => {
      addContent(m.content, ["prompts", i, "messages", j, "content"]);
      if (m.role === "assistant") {
        m.tool_calls?.forEach((c, k) => {
          for (const t of templatesIn(c.arguments)) add(t.template, ["prompts", i, "messages", j, "tool_calls", k, "arguments", ...t.path]);
        });
      }
    });
  });
  graders.forEach((g, i) => {
    for (const t of templatesIn(g)) if (t.path[0] !== "type") add(t.template, ["graders", i, ...t.path]);
  });
  for (const t of templatesIn(sim.config.answer)) sites.push({ template: t.template, location: sim.locate(["answer", ...t.path]) });
  return sites;
}

/** Throws TEMPLATE_ERROR when a case lacks a var that a template of the suite (or of the case) uses. */
export function checkCaseTemplates(c: RawCase, sites: readonly TemplateSite[]): void {
  let label: string | undefined;
  const where = (location: SourceLocation) => ({ location, caseLabel: (label ??= caseLabel(c.id, c.location)) });
  for (const site of sites) {
    const vars = site.withArgs ? { ...c.vars, args: ANY_ARGS } : c.vars;
    try {
      checkTemplate(site.template, vars, { location: site.location });
    } catch {
      checkTemplate(site.template, vars, where(site.location));
    }
  }
  c.graders.forEach((g, i) => {
    for (const t of templatesIn(g)) if (t.path[0] !== "type") checkTemplate(t.template, c.vars, where(locateInCase(c, ["graders", i, ...t.path])));
  });
}

/**
 * Stands for a tool call's arguments at load time: any `{{args.…}}` path exists (the
 * arguments are known only when the model calls), so the check is about the case's vars.
 */
const ANY_ARGS: unknown = new Proxy({}, {
  getOwnPropertyDescriptor: () => ({ value: ANY_ARGS, writable: true, enumerable: true, configurable: true }),
  get: () => ANY_ARGS,
});
