import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Loads `.env` from the working directory (docs/design/architecture.md §5). Variables already set in the
 * environment win, as with dotenv.
 */
export function loadDotEnv(dir: string): void {
  const file = join(dir, ".env");
  if (!existsSync(file)) return;
  for (const [key, value] of parseDotEnv(readFileSync(file, "utf8"))) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
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
