import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { cycles, importGraph, reachable } from "./import-graph.js";

/**
 * The layout and dependency direction of docs/design/architecture.md §3, checked on the
 * imports of src/ (tests left out): which folder may import which, no import cycle, and a
 * library surface that holds nothing of the CLI.
 */
const graph = importGraph(join(repoRoot, "src"));

const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  stats: ["core"],
  suite: ["core"],
  providers: ["core"],
  graders: ["core"],
  sim: ["core"],
  runner: ["core"],
  import: ["core"],
  store: ["core", "stats"],
  compare: ["core", "stats"],
  report: ["core", "stats"],
  rollout: ["core", "stats", "compare", "report", "import", "providers", "graders"],
  server: ["core", "stats", "store", "compare", "report"],
  usecases: ["core", "stats", "suite", "providers", "graders", "sim", "runner", "store", "compare", "report", "import", "rollout"],
  shadow: ["core", "stats", "suite", "providers", "graders", "sim", "runner", "store", "compare", "report", "server", "usecases", "import"],
  cli: ["core", "stats", "suite", "providers", "graders", "sim", "runner", "store", "compare", "report", "server", "usecases", "import", "rollout", "shadow"],
};

const folderOf = (file: string) => (file.includes("/") ? (file.split("/")[0] as string) : file);

describe("layering", () => {
  it("every folder imports only the folders the design allows", () => {
    const wrong: string[] = [];
    for (const [from, targets] of graph.edges) {
      const a = folderOf(from);
      if (a === "index.ts") continue;
      for (const to of targets) {
        const b = folderOf(to);
        if (a !== b && !(ALLOWED[a] ?? []).includes(b)) wrong.push(`${from} → ${to}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(Object.keys(ALLOWED).sort()).toEqual([...new Set(graph.files.map(folderOf))].filter((f) => f !== "index.ts").sort());
  });

  it("has no import cycle between files", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("the library surface (src/index.ts) reaches nothing in src/cli, and exports the use cases", () => {
    const reached = [...reachable(graph, "index.ts")];
    expect(reached.filter((f) => f.startsWith("cli/"))).toEqual([]);
    expect(reached).toContain("usecases/run-suite.ts");
    expect(reached).toContain("usecases/compare-runs.ts");
    expect(reached).toContain("usecases/resume.ts");
  });

  it("nothing outside the providers registry constructs a provider", () => {
    const constructs = [...graph.edges].filter(([from, to]) => !from.startsWith("providers/") && [...to].some((t) => t === "providers/openai/provider.ts"));
    expect(constructs.map(([from]) => from)).toEqual([]);
  });
});

describe("the library surface", () => {
  it("exports runSuite, resumeRun, compareRuns and openStore as functions", async () => {
    const lib = await import("../../src/index.js");
    for (const name of ["runSuite", "resumeRun", "compareRuns", "openStore", "exportRunFile", "importRunFile"] as const) expect(typeof lib[name]).toBe("function");
  });
});
