// core/errors.js, not core/index.js: the CLI reads `.env` through this file before any command loads the suite schema.
import { EvalgateError, type SourceLocation } from "../core/errors.js";

/** A name that holds a credential: `…_API_KEY`, `…_KEY`, `…_TOKEN` (docs/trust.md). */
const KEY_NAME = /^[A-Z][A-Z0-9_]*_(API_KEY|KEY|TOKEN)$/;

/**
 * The environment variables evalgate's own settings and credentials live in: `EVALGATE_*`,
 * `OPENAI_*` and key-like names. `.env` sets only these, and a suite's `api_key_env` must
 * be one, so a suite cannot send `PATH` or `HOME` to an endpoint as its key.
 */
export function isCredentialEnvName(name: string): boolean {
  return name.startsWith("EVALGATE_") || name.startsWith("OPENAI_") || KEY_NAME.test(name);
}

export function checkApiKeyEnv(name: string | undefined, at: SourceLocation): void {
  if (name === undefined || isCredentialEnvName(name)) return;
  throw new EvalgateError("SUITE_INVALID", `api_key_env \`${name}\` is not the name of a key: a suite may send only OPENAI_*, EVALGATE_* or *_API_KEY / *_KEY / *_TOKEN variables`, {
    location: at,
    hint: "name the variable that holds the key, e.g. api_key_env: AZURE_OPENAI_API_KEY",
  });
}
