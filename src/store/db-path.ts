import { join, resolve } from "node:path";

/** `.evalgate/evalgate.db` under the working directory; `EVALGATE_DB` overrides (docs/design/architecture.md §5). */
export function defaultDbPath(env: Record<string, string | undefined>, cwd: string): string {
  const override = env.EVALGATE_DB?.trim();
  if (override) return resolve(cwd, override);
  return join(cwd, ".evalgate", "evalgate.db");
}
