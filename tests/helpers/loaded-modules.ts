/**
 * What a CLI process loaded, from the `import-log URL` lines tests/helpers/import-log-hooks.mjs
 * prints: the packages and the dist/ files (relative to dist/). The CLI runs from its bundle
 * (scripts/bundle-cli.js), so a loaded chunk of dist/bundle/ stands for the modules
 * dist/bundle/modules.json says it holds; a file loaded as itself (a package left out of
 * the bundle, such as better-sqlite3) counts as itself.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "./cli.js";

const bundleDir = resolve(repoRoot, "dist/bundle");
let chunkModules: Record<string, string[]> | undefined;

function modulesOf(path: string): string[] {
  if (!path.startsWith(`${bundleDir}/`)) return [relative(repoRoot, path)];
  chunkModules ??= JSON.parse(readFileSync(resolve(bundleDir, "modules.json"), "utf8")) as Record<string, string[]>;
  const held = chunkModules[relative(bundleDir, path)];
  if (!held) throw new Error(`${path} is not a chunk dist/bundle/modules.json names: rebuild (npm run build)`);
  return held;
}

export interface Loaded {
  packages: string[];
  /** dist/ files, relative to dist/ (`cli/main.js`). */
  files: string[];
}

export function loadedModules(stderr: string): Loaded {
  const packages = new Set<string>();
  const files = new Set<string>();
  for (const m of stderr.matchAll(/^import-log (\S+)$/gm)) {
    for (const p of modulesOf(fileURLToPath(m[1]!))) {
      const pkg = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(p)?.[1];
      if (pkg) packages.add(pkg);
      else if (p.startsWith("dist/")) files.add(p.slice("dist/".length));
    }
  }
  return { packages: [...packages].sort(), files: [...files].sort() };
}
