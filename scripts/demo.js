#!/usr/bin/env node
// `npm run demo`: the support-triage demo suite (evals/demo.yaml: 165 tickets × 3 arms ×
// 2 repeats) on the built-in simulator — no API key, no network. Prints each arm's
// figures and both verdicts (the Chat → Responses migration and the gpt-5-mini upgrade);
// then the order-agent tool loop (evals/order-agent.yaml: Chat, Responses with the full
// input, Responses with previous_response_id) and its verdicts; then the command that opens
// the dashboard on the triage run. Exits with the worst of the two runs' codes.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultStoreLocation, openStore } from "../dist/store/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(root, "bin/evalgate.js");
const run = spawnSync(process.execPath, [bin, "run", "evals/demo.yaml", "--tag", "demo", "--concurrency", "32"], { cwd: root, stdio: "inherit" });
if (run.status === null || run.status === 2 || run.status === 3) process.exit(run.status ?? 3);
console.log("\nThe order-agent tool loop (evals/order-agent.yaml):");
const loop = spawnSync(process.execPath, [bin, "run", "evals/order-agent.yaml", "--tag", "demo", "--concurrency", "32"], { cwd: root, stdio: "inherit" });
if (loop.status === null || loop.status === 2 || loop.status === 3) process.exit(loop.status ?? 3);

const store = await openStore(defaultStoreLocation(process.env, root), { readonly: true });
const latest = await store.resolveRunRef("latest", { suite: "support-triage" });
await store.close();
console.log(`\nOpen the dashboard on this run:\n  npx evalgate view    then http://127.0.0.1:4173/#/runs/${latest.id}`);
console.log(`Other views: npx evalgate runs · npx evalgate report ${latest.id} --format html`);
// The worse of the two: a FAIL (1) over an INCONCLUSIVE (4) over a PASS (0).
const rank = (code) => (code === 1 ? 2 : code === 4 ? 1 : 0);
process.exit(rank(loop.status) > rank(run.status) ? loop.status : run.status);
