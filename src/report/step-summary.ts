import { appendFileSync } from "node:fs";

/**
 * Appends Markdown to the GitHub Actions job summary when `$GITHUB_STEP_SUMMARY` names a
 * file (the variable GitHub sets for every step); returns the path written, or null.
 */
export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return null;
  appendFileSync(path, markdown.endsWith("\n") ? `${markdown}\n` : `${markdown}\n\n`);
  return path;
}
