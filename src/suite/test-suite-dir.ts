import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Writes files (path → text) into a fresh temp folder for a test; returns the folder. */
export function writeSuiteDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "evalgate-suite-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
