import { fileURLToPath } from "node:url";

/**
 * The package's own folder, where package.json, judges/, schema/ and dashboard/dist live.
 * This file sits two levels down in every form evalgate runs in — src/core/ (tests),
 * dist/core/ (the library) and dist/bundle/ (the CLI's bundle, where this module is
 * inlined in a chunk) — so one relative URL finds it from each. Every path into the
 * package is taken from here, never from a module's own depth.
 */
export const PACKAGE_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));
