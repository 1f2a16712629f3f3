// What `evalgate shadow` adds to a production request (docs/shadow.md "Cost"): the same open
// load — 200 requests/s for 5 s, Chat Completions, half streamed — sent directly to a
// simulator, then through the proxy in front of it (mirroring 10% to a second simulator).
// Prints p50 and p99 of each and the difference (target: ≤ 2 ms each), and the proxy's CPU
// per request from GNU time (bench/lib/processes.js), beside the upstream simulator's.
// `npm run build && node bench/run-all.js shadow-proxy`
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evalgateBin, GNU_TIME, mark, nodeArgs, requireGnuTime, startSimProcess } from "./lib/processes.js";

const RATE = 200;
const SECONDS = 5;
const TARGET_MS = 2;
requireGnuTime();

const dir = mkdtempSync(join(tmpdir(), "evalgate-bench-shadow-"));
const tickets = ["I was charged twice for order ORD-1", "My parcel ORD-2 never arrived", "The app crashes when I log in"];
const suiteText = (candidateUrl) => `name: shadow-bench
prompts:
  - { id: p, instructions: "Route the ticket.", input: "{{ticket}}" }
targets:
  - { id: cand, api: responses, model: gpt-4.1, base_url: "${candidateUrl}", api_key_env: BENCH_CANDIDATE_KEY, params: { max_output_tokens: 32 } }
cases:
${tickets.map((t, i) => `  - { id: c${i}, vars: { ticket: "${t}" } }`).join("\n")}
sim: { seed: 3, answer: "billing" }
`;
const simSuite = join(dir, "sim.yaml");
writeFileSync(simSuite, suiteText("http://127.0.0.1:1/v1"));

/** A process under GNU time whose stdout is read for `pattern`; stop() sends SIGTERM and returns its CPU seconds. */
async function timedProcess(args, pattern, env = {}) {
  const timeFile = join(dir, `time-${Math.random().toString(36).slice(2)}.txt`);
  const child = spawn(GNU_TIME, ["-o", timeFile, "-f", "%U %S %M", process.execPath, ...nodeArgs(args)], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const match = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = pattern.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`${args[1]} exited ${code}: ${out}`)));
  });
  return {
    value: match,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.on("exit", () => {
          const [user, sys] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
          resolve(user + sys);
        });
        // GNU time would die of a SIGTERM itself: the node process it runs gets it.
        process.kill(Number(execFileSync("pgrep", ["-P", String(child.pid)], { encoding: "utf8" }).trim().split("\n")[0]), "SIGTERM");
      }),
  };
}

function body(i) {
  const stream = i % 2 === 1;
  return JSON.stringify({ model: "gpt-4.1-mini", messages: [{ role: "system", content: "Route the ticket." }, { role: "user", content: tickets[i % tickets.length] }], ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}) });
}

/** Open load: one request every 1000/RATE ms for SECONDS, each timed to its last byte. */
async function load(baseUrl) {
  const latencies = [];
  const pending = [];
  const started = performance.now();
  const total = RATE * SECONDS;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    pending.push(
      fetch(`${baseUrl}/chat/completions`, { method: "POST", headers: { authorization: "Bearer sk-bench-app", "content-type": "application/json" }, body: body(i) })
        .then((res) => res.text().then(() => res.status))
        .then((status) => {
          if (status !== 200) throw new Error(`status ${status}`);
          latencies.push(performance.now() - t0);
        }),
    );
  }
  await Promise.all(pending);
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { n: latencies.length, p50: q(0.5), p99: q(0.99) };
}

const upstream = await timedProcess([evalgateBin, "sim", "--port", "0", "--suite", simSuite], /listening on (http:\/\/\S+)/);
const candidate = await startSimProcess(simSuite);
const suite = join(dir, "shadow.yaml");
writeFileSync(suite, suiteText(candidate.url));
// Warm both paths (connections, JIT) before measuring.
const proxy = await timedProcess(
  [evalgateBin, "shadow", "--candidate", `${suite}#cand`, "--upstream", upstream.value, "--share", process.env.SHADOW_BENCH_SHARE ?? "0.1", "--port", "0", "--db", join(dir, "e.db")],
  /base_url=(\S+);/,
  { BENCH_CANDIDATE_KEY: "sk-bench-candidate" },
);
for (const url of [upstream.value, proxy.value]) for (let i = 0; i < 50; i++) await fetch(`${url}/chat/completions`, { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer x" }, body: body(i) }).then((r) => r.text());

const direct = await load(upstream.value);
const through = await load(proxy.value);
const proxyCpuS = await proxy.stop();
const upstreamCpuS = await upstream.stop();
candidate.stop();

const proxied = through.n + 50;
const served = direct.n + through.n + 100;
const added50 = through.p50 - direct.p50;
const added99 = through.p99 - direct.p99;
console.log(`shadow proxy at ${RATE} requests/s for ${SECONDS} s each (Chat, half streamed, 10% mirrored), ${direct.n} direct and ${through.n} proxied requests`);
console.log(`  direct to the upstream:   p50 ${direct.p50.toFixed(2)} ms   p99 ${direct.p99.toFixed(2)} ms`);
console.log(`  through evalgate shadow:  p50 ${through.p50.toFixed(2)} ms   p99 ${through.p99.toFixed(2)} ms`);
console.log(`  added by the proxy:       p50 ${added50.toFixed(2)} ms ${mark(added50 <= TARGET_MS)}   p99 ${added99.toFixed(2)} ms ${mark(added99 <= TARGET_MS)}   (target ≤ ${TARGET_MS} ms)`);
console.log(`  CPU per request: proxy ${((proxyCpuS * 1000) / proxied).toFixed(3)} ms (whole process, start-up and mirroring included) · upstream simulator ${((upstreamCpuS * 1000) / served).toFixed(3)} ms`);
