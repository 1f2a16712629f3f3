#!/usr/bin/env node
// Runs every benchmark in bench/ (each a plain ESM script over the built dist/) in its
// own process, one after another, so their figures don't disturb each other.
// `node bench/run-all.js NAME…` runs the files whose names contain a NAME. Peer benchmarks
// (`peer-*.bench.js`, which install another tool beside evalgate) run only when asked for by
// a NAME starting with "peer": `npm run bench -- peer-promptfoo` (or `-- peer` for all).
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const isPeer = (f) => f.startsWith("peer-");
const asksFor = (f, name) => f.includes(name) && (!isPeer(f) || name.startsWith("peer"));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.js"))
  .filter((f) => (only.length === 0 ? !isPeer(f) : only.some((name) => asksFor(f, name))))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, ["--expose-gc", join(here, file)], { stdio: "inherit" });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
