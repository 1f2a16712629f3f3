/**
 * A clone stands on its own: no tracked file points outside the repository to the design
 * notes, the OpenAI spec or the JUnit schema (they are in docs/design/ and vendor/).
 * The patterns are built from pieces so this file does not match itself.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";

const up = "..";
const FORBIDDEN = [`${up}/shared`, ["shared", "DESIGN.md"].join("/"), ["shared", "openai-spec"].join("/")];

/** Tracked files, plus new ones not yet ignored, so a file is caught before it is committed. */
function repoFiles(): string[] | null {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) return null;
  return r.stdout.split("\0").filter((f) => f !== "");
}

const files = repoFiles();

describe("the repository is self-contained", () => {
  it.skipIf(files === null)("no file refers to a folder outside the repository", () => {
    const hits: string[] = [];
    for (const file of files ?? []) {
      let text: string;
      try {
        text = readFileSync(join(repoRoot, file), "latin1");
      } catch {
        continue; // listed but deleted in the work tree
      }
      for (const pattern of FORBIDDEN) if (text.includes(pattern)) hits.push(`${file}: ${pattern}`);
    }
    expect(hits).toEqual([]);
    expect((files ?? []).length).toBeGreaterThan(100);
  });

  it("the vendored spec and schema are in the repository", () => {
    expect(readFileSync(join(repoRoot, "vendor/openai-spec/openapi.yaml"), "utf8")).toMatch(/^openapi: 3\.1/m);
    expect(readFileSync(join(repoRoot, "vendor/junit/JUnit.xsd"), "utf8")).toContain("xs:schema");
  });
});
