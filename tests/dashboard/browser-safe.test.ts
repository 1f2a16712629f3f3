/**
 * The dashboard formats figures with the CLI's own functions, bundling them from src/
 * (docs/dashboard.md "One definition per figure"). This walks every value import the
 * dashboard makes into src/, transitively, and proves none reaches a Node module or a
 * package: an import of `../core/index.js` (which pulls node:crypto) would slip into the
 * browser bundle and break it, so a src/ file the dashboard bundles imports the pure files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

const SRC = resolve(repoRoot, "src");
const DASHBOARD = resolve(repoRoot, "dashboard/src");

/** Value imports and re-exports (`import type` / `export type` are erased and left out). */
function valueImports(file: string): string[] {
  const code = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of code.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gms)) if (!m[2]) found.push(m[4] as string);
  for (const m of code.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) found.push(m[1] as string);
  return found;
}

function resolveTs(from: string, spec: string): string {
  const base = resolve(dirname(from), spec).replace(/\.js$/, "");
  for (const ext of [".ts", ".tsx"]) {
    try {
      readFileSync(base + ext);
      return base + ext;
    } catch {
      // try the next extension
    }
  }
  return resolve(dirname(from), spec);
}

function dashboardFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? dashboardFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Every src/ file the dashboard bundles, with what each of them imports from outside the repo. */
function bundledSrcFiles(): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const queue = dashboardFiles(DASHBOARD).flatMap((f) => valueImports(f).filter((s) => s.startsWith(".")).map((s) => resolveTs(f, s))).filter((f) => f.startsWith(SRC));
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const specs = valueImports(file);
    seen.set(file, specs.filter((s) => !s.startsWith(".")));
    for (const s of specs) if (s.startsWith(".")) queue.push(resolveTs(file, s));
  }
  return seen;
}

describe("the dashboard's imports from src/", () => {
  it("reach only files that import no Node module and no package", () => {
    const files = bundledSrcFiles();
    const rel = (f: string) => relative(repoRoot, f);
    // The formatting modules the pages use are among them (so this test covers something).
    expect([...files.keys()].map(rel)).toEqual(expect.arrayContaining(["src/core/format.ts", "src/report/comparison-view.ts", "src/report/arm-rows.ts", "src/report/cost-quality-layout.ts", "src/report/chart-scale.ts"]));
    const outside = [...files].filter(([, specs]) => specs.length > 0).map(([f, specs]) => `${rel(f)}: ${specs.join(", ")}`);
    expect(outside).toEqual([]);
  });
});
