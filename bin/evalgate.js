#!/usr/bin/env -S node --max-semi-space-size=4
import { setFlagsFromString } from "node:v8";

// `evalgate run` on the simulator: its thread starts loading before the CLI itself does
// (src/cli/early-simulator.ts spawnForArgv; docs/design/performance.md, "Start-up"). Help
// loads nothing of it.
const args = process.argv.slice(2);
if (args[0] === "run" && !args.includes("--help") && !args.includes("-h")) (await import("../dist/bundle/early-simulator.js")).spawnForArgv(args.slice(1));
const { main } = await import("../dist/bundle/main.js");

// The old generation grows 40% past what survived its last collection (V8's own factor
// reaches 2–4× on a run's allocation rate), so 100,000 attempts stay near 300 MB without a
// heap flag the user must know. The young generation is capped at 4 MB a semi-space by the
// first line (V8 sizes it when the heap is set up, before this file runs; npm's shims, and
// `env -S`, pass the flag on). docs/design/performance.md: "Memory".
setFlagsFromString("--heap-growing-percent=40");
process.exitCode = await main(args);
