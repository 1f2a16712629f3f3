#!/usr/bin/env node
import { setFlagsFromString } from "node:v8";
import { main } from "../dist/bundle/main.js";

// The old generation grows 40% past what survived its last collection (V8's own factor
// reaches 2–4× on a run's allocation rate), so 100,000 attempts stay near 300 MB without a
// heap flag the user must know. docs/design/performance.md: "Memory".
setFlagsFromString("--heap-growing-percent=40");
process.exitCode = await main(process.argv.slice(2));
