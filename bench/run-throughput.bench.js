// `evalgate run` throughput, CPU and footprint (issue 16: a harness that costs almost nothing
// per attempt). Each figure is printed beside its target, from one run:
//  1. start-up: `evalgate --help` as a process (median of 5), target ≤ 0.25 s.
//  2. client CPU per streamed chat attempt (a ~30-token reply) against a standalone simulator
//     in its own process, 2,000 attempts, 50 ms, concurrency 32, grading and the store write
//     included: in this process through the library (the inner loop), target ≤ 1.0 ms; and
//     `evalgate run` as a process under GNU time (start-up included), printed beside it.
//  3. the in-process simulator (`base_url: sim`): `evalgate run` as a process on a 2,000-case
//     suite, 50 ms, concurrency 32: wall ≤ 1.10 × the ideal (attempts × latency ÷
//     concurrency) plus start-up; start-up (spawn to the first request sent: the earliest
//     attempt's start as the run stored it, beside the wall clock at the spawn) ≤ 0.5 s, and
//     when the first attempt was answered (its progress line) beside it; the observed
//     wall-clock p50 latency within 10% of the modelled one. The attempts are read back from the
//     run's database. The same run with `--json` follows, its ratio printed beside (no target).
//  4. 100,000 zero-latency attempts (two arms, not streamed) with `evalgate run` as a process
//     against a standalone simulator: peak RSS ≤ 300 MB, database ≤ 1,200 bytes per attempt
//     with raw payloads kept; CPU per attempt printed.
// The simulator's own CPU per request is bench/sim-throughput's figure. RUN_BENCH_PARTS=2,3
// runs only some of the parts.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, runSuite } from "../dist/index.js";
import { evalgateBin, mark, median, nodeArgs, requireGnuTime, startSimProcess, timeProcess } from "./lib/processes.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-bench-run-"));
const teams = ["billing", "shipping", "technical"];
// About 30 o200k tokens once rendered.
const ANSWER = "Thanks for ticket {{n}}. I have routed it to the {{team}} team, who will reply within one business day with the next steps for your request.";
const LATENCY = { attempts: 2000, latencyMs: 50, concurrency: 32 };
const env = { ...process.env, BENCH_KEY: "sk-bench", CI: "true" };

/** A suite of `cases` tickets: one streamed chat arm answering ANSWER, or (`volume`) two arms answering JSON, not streamed. */
function writeSuite(name, cases, baseUrl, { latencyMs, volume = false }) {
  const rows = [];
  for (let i = 0; i < cases; i++) rows.push(JSON.stringify({ id: `c${i}`, vars: { n: i, ticket: `ticket ${i}: please route me to the right team`, team: teams[i % 3] } }));
  writeFileSync(join(dir, `${name}.jsonl`), `${rows.join("\n")}\n`);
  const target = (id, api, stream) => `  - { id: ${id}, api: ${api}, model: gpt-4.1-mini, base_url: "${baseUrl}", api_key_env: BENCH_KEY, stream: ${stream}, params: { max_output_tokens: 64 } }`;
  const latency = latencyMs > 0 ? `, latency: { ttft_ms: ${latencyMs}, jitter: 0 }` : "";
  const suite = [
    `name: ${name}`,
    "prompts:",
    "  - id: p",
    '    input: "{{ticket}}"',
    ...(volume ? ["    output: { name: t, schema: { type: object, additionalProperties: false, required: [team], properties: { team: { type: string } } } }"] : []),
    "targets:",
    ...(volume ? [target("chat", "chat", false), target("resp", "responses", false)] : [target("chat", "chat", true)]),
    `dataset: ${name}.jsonl`,
    "graders:",
    volume ? '  - { type: equals, path: $.team, value: "{{team}}" }' : '  - { type: contains, value: "{{team}} team" }',
    `sim: { seed: 1, answer: ${volume ? '{ team: "{{team}}" }' : JSON.stringify(ANSWER)}, models: { default: { accuracy: ${volume ? 0.9 : 1}${latency} } } }`,
  ].join("\n");
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `${suite}\n`);
  return file;
}

/** A standalone simulator answering the suite, and the suite pointing at it. */
async function standalone(name, cases, options) {
  const sim = await startSimProcess(writeSuite(`${name}-sim`, cases, "http://127.0.0.1:1/v1", options));
  return { sim, file: writeSuite(name, cases, sim.url, options) };
}

function runArgs(file, name, concurrency, extra = []) {
  return [evalgateBin, "run", file, "--concurrency", String(concurrency), "--db", join(dir, `${name}.db`), ...extra];
}

function helpStartup() {
  const walls = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    spawnSync(process.execPath, nodeArgs([evalgateBin, "--help"]), { stdio: "ignore" });
    walls.push((performance.now() - started) / 1000);
  }
  const s = median(walls);
  console.log(`1. start-up: evalgate --help ${s.toFixed(3)} s, median of 5 (target ≤ 0.25 s) ${mark(s <= 0.25)}`);
  return true;
}

async function clientCpu() {
  const { attempts, concurrency } = LATENCY;
  console.log(`2. client CPU per streamed chat attempt (~30-token reply), standalone simulator, ${attempts} attempts · 50 ms · concurrency ${concurrency}`);
  let { sim, file } = await standalone("client", attempts, LATENCY);
  try {
    const before = process.cpuUsage();
    let planned = before;
    // From the plan on: what each attempt costs, without loading the suite and opening the store.
    const result = await runSuite(file, { concurrency, dbPath: join(dir, "client-lib.db"), env, onPlan: () => (planned = process.cpuUsage()) });
    const whole = process.cpuUsage(before);
    const loop = process.cpuUsage(planned);
    const perAttempt = (loop.user + loop.system) / 1000 / attempts;
    console.log(`   library, from the plan to the end (grading and store write included): ${perAttempt.toFixed(3)} ms per attempt (target ≤ 1.0 ms) ${mark(perAttempt <= 1.0)} · with loading the suite and opening the store ${((whole.user + whole.system) / 1000 / attempts).toFixed(3)} ms · ${result.counts.errors} errors`);
  } finally {
    sim.stop();
  }
  ({ sim, file } = await standalone("client-cli", attempts, LATENCY));
  try {
    const t = await timeProcess("evalgate run", runArgs(file, "client-cli", concurrency), { cwd: dir, env, timeFile: join(dir, "client.time") });
    console.log(`   evalgate run as a process (start-up included): ${((t.cpuS * 1000) / attempts).toFixed(3)} ms CPU per attempt · ${t.cpuS.toFixed(2)} s CPU · wall ${t.wallS.toFixed(2)} s · peak RSS ${t.rssMb.toFixed(0)} MB · exit ${t.code}`);
    return t.code === 0;
  } finally {
    sim.stop();
  }
}

/** `evalgate run` on the in-process simulator as a process: its times, its attempts read back from its database, and when its first attempt was answered. */
async function runInProcess(name, file, extra = []) {
  const { concurrency } = LATENCY;
  let firstAt = null;
  const t = await timeProcess("evalgate run", runArgs(file, name, concurrency, extra), {
    cwd: dir, env, timeFile: join(dir, `${name}.time`),
    onStderr: (text, ms) => {
      if (firstAt === null && /\b1\/\d+ ·/.test(text)) firstAt = ms;
    },
  });
  const store = await openStore(join(dir, `${name}.db`), { readonly: true });
  try {
    const [{ run }] = await store.listRuns({ limit: 1 });
    const { attempts } = await store.listAttempts(run.id, { limit: LATENCY.attempts, offset: 0 });
    // The runner stamps an attempt's start just before it renders and sends its request (src/runner/runner.ts).
    const firstSentMs = Math.min(...attempts.map((a) => Date.parse(a.startedAt)));
    const startup = (firstSentMs - t.spawnedAtMs) / 1000;
    return { t, attempts, startup, firstAt };
  } finally {
    await store.close();
  }
}

async function inProcessSim() {
  const { attempts, latencyMs, concurrency } = LATENCY;
  const file = writeSuite("insim", attempts, "sim", LATENCY);
  const ideal = (attempts * latencyMs) / concurrency / 1000;
  const { t, attempts: attemptsRun, startup, firstAt } = await runInProcess("insim", file);
  const ratio = (t.wallS - startup) / ideal;
  console.log(`3. in-process simulator, evalgate run as a process, ${attempts}-case suite · ${latencyMs} ms · concurrency ${concurrency}: wall ${t.wallS.toFixed(2)} s, ideal ${ideal.toFixed(3)} s, exit ${t.code}`);
  console.log(`   start-up (spawn to the first request sent) ${startup.toFixed(3)} s (target ≤ 0.5 s) ${mark(startup <= 0.5)} · the first attempt answered at ${firstAt === null ? "?" : (firstAt / 1000).toFixed(3)} s (${latencyMs} ms modelled)`);
  console.log(`   (wall − start-up) ÷ ideal ${ratio.toFixed(3)} (target ≤ 1.10) ${mark(ratio <= 1.1)} · CPU ${t.cpuS.toFixed(2)} s (the run and its simulator's thread) · peak RSS ${t.rssMb.toFixed(0)} MB`);
  const outputs = attemptsRun.map((a) => a.output).filter(Boolean);
  const observed = median(outputs.map((o) => o.latency.observed?.totalMs ?? NaN));
  const modelled = median(outputs.map((o) => o.latency.totalMs));
  const off = Math.abs(observed - modelled) / modelled;
  console.log(`   wall-clock p50 latency ${observed.toFixed(1)} ms vs modelled ${modelled.toFixed(1)} ms: ${(off * 100).toFixed(1)}% off (target ≤ 10%) ${mark(off <= 0.1)}`);
  // The same run asked for a JSON report of its 2,000 attempts: what writing it adds at the end.
  const json = await runInProcess("insim-json", file, ["--json", join(dir, "insim.json")]);
  console.log(`   with --json: (wall − start-up) ÷ ideal ${((json.t.wallS - json.startup) / ideal).toFixed(3)} (no target; the report is written after the attempts) · wall ${json.t.wallS.toFixed(2)} s`);
  return t.code === 0 && json.t.code === 0;
}

async function volume() {
  const attempts = 100_000;
  const { sim, file } = await standalone("volume", attempts / 2, { latencyMs: 0, volume: true });
  try {
    const dbPath = join(dir, "volume.db");
    const t = await timeProcess("evalgate run", runArgs(file, "volume", 64), { cwd: dir, env, timeFile: join(dir, "volume.time") });
    const dbBytes = ["", "-wal"].reduce((sum, s) => { try { return sum + statSync(dbPath + s).size; } catch { return sum; } }, 0);
    console.log(`4. ${attempts.toLocaleString("en-US")} attempts · zero latency, evalgate run as a process: wall ${t.wallS.toFixed(1)} s (${(attempts / t.wallS).toFixed(0)} attempts/s), exit ${t.code}`);
    console.log(`   peak RSS ${t.rssMb.toFixed(0)} MB (target ≤ 300 MB) ${mark(t.rssMb <= 300)} · CPU ${((t.cpuS * 1000) / attempts).toFixed(3)} ms per attempt`);
    const perAttempt = dbBytes / attempts;
    console.log(`   database ${perAttempt.toFixed(0)} bytes per attempt, raw payloads kept (target ≤ 1,200) ${mark(perAttempt <= 1200)}`);
    return t.code === 0;
  } finally {
    sim.stop();
  }
}

requireGnuTime();
// RUN_BENCH_PARTS=2,3 runs only those parts (all by default).
const parts = (process.env.RUN_BENCH_PARTS ?? "1,2,3,4").split(",").map(Number);
const steps = [helpStartup, clientCpu, inProcessSim, volume];
try {
  const ok = [];
  for (const [i, step] of steps.entries()) if (parts.includes(i + 1)) ok.push(await step());
  process.exitCode = ok.every(Boolean) ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
