import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** The static and dynamic imports between src/ files (tests and test fixtures left out): what the layering test checks. */
export interface ImportGraph {
  /** Paths relative to src/, e.g. "usecases/run-suite.ts". */
  files: string[];
  edges: Map<string, Set<string>>;
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"|import\(\s*"(\.[^"]+)"\s*\)/g;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : walk(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") && !name.startsWith("store-conformance") && name !== "store-fixtures.ts" ? [path] : [];
  });
}

export function importGraph(srcDir: string): ImportGraph {
  const abs = walk(srcDir);
  const files = abs.map((f) => relative(srcDir, f));
  const edges = new Map<string, Set<string>>();
  for (const file of abs) {
    const from = relative(srcDir, file);
    const targets = new Set<string>();
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec) continue;
      targets.add(relative(srcDir, resolve(dirname(file), spec.replace(/\.js$/, ".ts"))));
    }
    edges.set(from, targets);
  }
  return { files, edges };
}

/** Every file reachable from `start`. */
export function reachable(graph: ImportGraph, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const f = stack.pop() as string;
    if (seen.has(f)) continue;
    seen.add(f);
    for (const t of graph.edges.get(f) ?? []) stack.push(t);
  }
  return seen;
}

/** The import cycles, each as the files around it (Tarjan's strongly connected components of size > 1). */
export function cycles(graph: ImportGraph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v) ?? []) {
      if (!graph.edges.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.edges.get(v)?.has(v)) out.push(component.sort());
    }
  };
  for (const f of graph.files) if (!idx.has(f)) visit(f);
  return out;
}
