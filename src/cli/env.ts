import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
// The one file, not suite/index.js: `.env` is read before every command, `--help` included.
import { isCredentialEnvName } from "../suite/key-env.js";

/**
 * Loads `.env` from the working directory (docs/design/architecture.md §5). Variables already set in the
 * environment win, as with dotenv. Only evalgate's settings and keys are set (`EVALGATE_*`,
 * `OPENAI_*`, `*_API_KEY`, `*_KEY`, `*_TOKEN`): a `.env` in a cloned repository must not
 * set NODE_OPTIONS, GIT_* or PATH, which run code (docs/trust.md). The rest are named in
 * one warning line. Returns the names ignored.
 */
export function loadDotEnv(dir: string, warn: (line: string) => void = (l) => process.stderr.write(l)): string[] {
  const file = join(dir, ".env");
  if (!existsSync(file)) return [];
  const ignored: string[] = [];
  for (const [key, value] of parseDotEnv(readFileSync(file, "utf8"))) {
    if (!isCredentialEnvName(key)) {
      if (!ignored.includes(key)) ignored.push(key);
      continue;
    }
    if (process.env[key] === undefined) process.env[key] = value;
  }
  if (ignored.length) warn(`warning: .env: ignored ${ignored.join(", ")} (.env sets only EVALGATE_*, OPENAI_* and *_API_KEY/*_KEY/*_TOKEN names)\n`);
  return ignored;
}

export function parseDotEnv(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2] ?? "";
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? (quoted[2] ?? "").replace(/\\n/g, "\n") : (quoted[2] ?? "");
    else value = value.replace(/\s+#.*$/, "");
    out.push([m[1] as string, value]);
  }
  return out;
}
