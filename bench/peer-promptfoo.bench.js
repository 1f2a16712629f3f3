// evalgate beside promptfoo 0.121.20 on one workload (issue 16). Opt-in: `bench/run-all.js`
// runs it only when named (`npm run bench -- peer-promptfoo`, or `node bench/run-all.js
// peer-promptfoo` after a build). The first run installs promptfoo into bench/.peers/
// (ignored by git; one to two minutes), later runs reuse it. 0.121.20 supports Node
// ^20.20.0 || >=22.22.0; its notice that Node 20 support has ended is silenced.
//
// Workload: one standalone simulator (`evalgate sim`, its own process), every model at a fixed
// 50 ms, answering 500 chat cases with a ~30-token reply; concurrency 16, so the ideal wall
// is 500 × 50 ms ÷ 16 = 1.56 s. Each tool runs once as a process, timed from spawn to exit,
// its own store written (evalgate's SQLite file, promptfoo's database in a temp config dir):
//  a. `evalgate run` with a streamed chat target;
//  b. `promptfoo eval` with `openai:chat:gpt-4.1-mini`, which 0.121.20 cannot stream (its
//     OpenAI chat provider sends no `stream` flag), so each answer arrives as one JSON body.
// Both check `contains "<team> team"` on the reply, and every attempt must pass with no error.
// CPU (user + sys) and peak RSS come from GNU time (`/usr/bin/time`), which reads the rusage
// wait4 returns for the tool's process: CPU includes the children it reaped (evalgate's brief
// `git rev-parse`), peak RSS is the largest single process of its tree (each tool is one
// Node process here; promptfoo starts no child on this workload).
// Targets (printed, not enforced): evalgate CPU ≤ 1/5 of promptfoo's (≤ 1.8 s), evalgate peak
// RSS ≤ 100 MB. The exit code fails only when a tool did not finish the whole workload.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { mark, requireGnuTime, root, startSimProcess, timeProcess } from "./lib/processes.js";

const PROMPTFOO_VERSION = "0.121.20";
const peerDir = join(root, "bench/.peers/promptfoo");
const promptfooEntry = join(peerDir, "node_modules/promptfoo/dist/src/entrypoint.js");

const WORKLOAD = { attempts: 500, latencyMs: 50, concurrency: 16 };
const TARGETS = { cpuRatio: 1 / 5, cpuSeconds: 1.8, rssMb: 100 };
const teams = ["billing", "shipping", "technical"];
// About 30 o200k tokens once rendered.
const ANSWER = "Thanks for ticket {{n}}. I have routed it to the {{team}} team, who will reply within one business day with the next steps for your request.";

/** promptfoo at the pinned version in its own folder, installed once. */
function ensurePromptfoo() {
  const manifest = join(peerDir, "node_modules/promptfoo/package.json");
  if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === PROMPTFOO_VERSION) return;
  console.log(`installing promptfoo@${PROMPTFOO_VERSION} into bench/.peers/promptfoo (once)…`);
  mkdirSync(peerDir, { recursive: true });
  writeFileSync(join(peerDir, "package.json"), `${JSON.stringify({ name: "evalgate-bench-peer-promptfoo", private: true }, null, 2)}\n`);
  const npm = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--save-exact", `promptfoo@${PROMPTFOO_VERSION}`], { cwd: peerDir, stdio: "inherit" });
  if (npm.status !== 0) throw new Error(`npm install promptfoo@${PROMPTFOO_VERSION} failed (exit ${npm.status}) in ${peerDir}`);
}

function caseVars(i) {
  return { n: i, ticket: `ticket ${i}: please route me to the right team`, team: teams[i % 3] };
}

/** The evalgate suite; written once for the simulator to answer and once pointing at it. */
function writeEvalgateSuite(dir, baseUrl) {
  const rows = [];
  for (let i = 0; i < WORKLOAD.attempts; i++) rows.push(JSON.stringify({ id: `c${i}`, vars: caseVars(i) }));
  writeFileSync(join(dir, "peer.jsonl"), `${rows.join("\n")}\n`);
  const suite = [
    "name: peer-promptfoo",
    "prompts:",
    '  - { id: p, input: "{{ticket}}" }',
    "targets:",
    `  - { id: chat, api: chat, model: gpt-4.1-mini, base_url: "${baseUrl}", api_key_env: BENCH_KEY, stream: true, params: { temperature: 0, max_output_tokens: 64 } }`,
    "dataset: peer.jsonl",
    "graders:",
    '  - { type: contains, value: "{{team}} team" }',
    `sim: { seed: 1, answer: ${JSON.stringify(ANSWER)}, models: { default: { accuracy: 1, latency: { ttft_ms: ${WORKLOAD.latencyMs}, jitter: 0 } } } }`,
  ].join("\n");
  const file = join(dir, "peer.yaml");
  writeFileSync(file, `${suite}\n`);
  return file;
}

/** The same cases, prompt and check as a promptfoo config (JSON strings are YAML scalars). */
function writePromptfooConfig(dir, baseUrl) {
  const tests = [];
  for (let i = 0; i < WORKLOAD.attempts; i++) {
    const { n, ticket, team } = caseVars(i);
    tests.push(`  - vars: { n: ${n}, ticket: ${JSON.stringify(ticket)}, team: ${team} }`);
  }
  const config = [
    "description: peer-promptfoo",
    "sharing: false",
    "prompts:",
    '  - "{{ticket}}"',
    "providers:",
    "  - id: openai:chat:gpt-4.1-mini",
    `    config: { apiBaseUrl: "${baseUrl}", temperature: 0, max_tokens: 64 }`,
    "defaultTest:",
    "  assert:",
    '    - { type: contains, value: "{{team}} team" }',
    "tests:",
    ...tests,
  ].join("\n");
  const file = join(dir, "promptfooconfig.yaml");
  writeFileSync(file, `${config}\n`);
  return file;
}

/** Attempts, errors and passes in evalgate's JSON report. */
function evalgateOutcome(reportFile) {
  const attempts = JSON.parse(readFileSync(reportFile, "utf8")).runs.flatMap((r) => r.attempts);
  return { attempts: attempts.length, errors: attempts.filter((a) => a.status !== "ok").length, passed: attempts.filter((a) => a.pass === true).length };
}

/** The same from promptfoo's `-o out.json`: one result per test × prompt × provider, `failureReason` 2 an error. */
function promptfooOutcome(outFile) {
  const results = JSON.parse(readFileSync(outFile, "utf8")).results.results;
  return { attempts: results.length, errors: results.filter((r) => r.failureReason === 2).length, passed: results.filter((r) => r.success).length };
}

function runEvalgate(dir, suiteFile) {
  const report = join(dir, "evalgate.json");
  const args = [join(root, "bin/evalgate.js"), "run", suiteFile, "--concurrency", String(WORKLOAD.concurrency), "--db", join(dir, "evalgate.db"), "--json", report];
  const env = { ...process.env, BENCH_KEY: "sk-bench", CI: "true" };
  return timeProcess("evalgate", args, { cwd: dir, env, timeFile: join(dir, "evalgate.time") }).then((t) => ({ ...t, mode: "streamed", ...(existsSync(report) ? evalgateOutcome(report) : {}) }));
}

function runPromptfoo(dir, configFile) {
  const out = join(dir, "promptfoo.json");
  const args = [promptfooEntry, "eval", "-c", configFile, "--max-concurrency", String(WORKLOAD.concurrency), "--no-cache", "--no-progress-bar", "--no-share", "-o", out];
  const env = {
    ...process.env,
    CI: "true",
    OPENAI_API_KEY: "sk-bench",
    PROMPTFOO_CONFIG_DIR: join(dir, "promptfoo-config"),
    PROMPTFOO_DISABLE_TELEMETRY: "1",
    PROMPTFOO_DISABLE_UPDATE: "1",
    PROMPTFOO_DISABLE_SHARING: "1",
    PROMPTFOO_DISABLE_RUNTIME_WARNINGS: "1",
  };
  return timeProcess("promptfoo", args, { cwd: dir, env, timeFile: join(dir, "promptfoo.time") }).then((t) => ({ ...t, mode: "not streamed", ...(existsSync(out) ? promptfooOutcome(out) : {}) }));
}

function complete(r) {
  return r.attempts === WORKLOAD.attempts && r.errors === 0 && r.passed === WORKLOAD.attempts;
}

function printResults(ev, pf) {
  const { attempts, latencyMs, concurrency } = WORKLOAD;
  const ideal = (attempts * latencyMs) / concurrency / 1000;
  console.log(`${attempts} chat attempts · ${latencyMs} ms · concurrency ${concurrency} · one standalone simulator (ideal wall ${ideal.toFixed(2)} s)`);
  for (const r of [ev, pf]) {
    console.log(`  ${r.label.padEnd(9)} wall ${r.wallS.toFixed(2)} s · CPU ${r.cpuS.toFixed(2)} s · peak RSS ${r.rssMb.toFixed(0)} MB · ${r.attempts ?? "?"} attempts, ${r.errors ?? "?"} errors, ${r.passed ?? "?"} passed, exit ${r.code} · ${r.mode}`);
  }
  const cpuRatio = ev.cpuS / pf.cpuS;
  console.log(`  evalgate / promptfoo: wall ${(ev.wallS / pf.wallS).toFixed(2)} · CPU ${cpuRatio.toFixed(2)} (target ≤ ${TARGETS.cpuRatio.toFixed(2)}) ${mark(cpuRatio <= TARGETS.cpuRatio)} · peak RSS ${(ev.rssMb / pf.rssMb).toFixed(2)}`);
  console.log(`  evalgate: CPU ${ev.cpuS.toFixed(2)} s (target ≤ ${TARGETS.cpuSeconds} s) ${mark(ev.cpuS <= TARGETS.cpuSeconds)} · peak RSS ${ev.rssMb.toFixed(0)} MB (target ≤ ${TARGETS.rssMb} MB) ${mark(ev.rssMb <= TARGETS.rssMb)}`);
}

requireGnuTime();
ensurePromptfoo();
const dir = mkdtempSync(join(tmpdir(), "evalgate-bench-peer-"));
let sim;
try {
  const simDir = join(dir, "sim");
  mkdirSync(simDir);
  sim = await startSimProcess(writeEvalgateSuite(simDir, "http://127.0.0.1:1/v1"));
  const ev = await runEvalgate(dir, writeEvalgateSuite(dir, sim.url));
  const pf = await runPromptfoo(dir, writePromptfooConfig(dir, sim.url));
  printResults(ev, pf);
  // The CPU and RSS targets are printed, not enforced: the exit code says both tools did the whole workload.
  const ok = complete(ev) && complete(pf);
  if (!ok) console.log("  INCOMPLETE: both tools must finish every attempt with no error and every check passing");
  process.exitCode = ok ? 0 : 1;
} finally {
  sim?.stop();
  rmSync(dir, { recursive: true, force: true });
}
