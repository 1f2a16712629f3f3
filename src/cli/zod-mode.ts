/**
 * The CLI validates each document it reads once (a suite, its cases, a sim config, a run
 * file), so zod's JIT — a `new Function` compiled for each object schema on its first
 * parse — costs more than it saves: jitless, reading a 2,000-case suite takes 37–40 ms in a
 * fresh process where it takes 44–66 (docs/design/performance.md, "Start-up"). Set for
 * the CLI's process only, before any action runs (src/cli/main.ts); the library leaves
 * zod's settings to its host.
 */
import { config } from "zod";

config({ jitless: true });
