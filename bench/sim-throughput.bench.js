// Simulator throughput on loopback with zero latency: small replies, streaming and not,
// through both APIs. The server runs in a child process so the load generator does not
// share its event loop. Target: at least 1,500 requests/s in every mode.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";

const TARGET_RPS = 1500;
const CONCURRENCY = 32;
const SECONDS = Number(process.env.SIM_BENCH_SECONDS ?? 2);
const CASES = 50;

if (process.argv[2] === "--serve") {
  const { startSimulator } = await import("../dist/sim/index.js");
  const entries = Array.from({ length: CASES }, (_, i) => ({
    caseId: `c${i}`,
    keys: [`Ticket ${i}: where is my order?`],
    answer: i % 2 ? `Order ${i} ships today.` : { team: "billing", order_id: String(i) },
  }));
  const sim = await startSimulator({ seed: 1, models: { "gpt-4.1-mini": { accuracy: 0.9 } } }, { entries });
  process.stdout.write(`${sim.url}\n`);
  process.on("SIGTERM", () => sim.close().then(() => process.exit(0)));
} else {
  await runBench();
}

async function startServer() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), "--serve"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once("data", (d) => resolve(String(d).trim()));
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { child, url };
}

function bodyFor(api, stream, i) {
  const text = `Ticket ${i % CASES}: where is my order?`;
  if (api === "chat") {
    const body = { model: "gpt-4.1-mini", messages: [{ role: "user", content: text }] };
    return stream ? { ...body, stream: true, stream_options: { include_usage: true } } : body;
  }
  return { model: "gpt-4.1-mini", input: text, ...(stream ? { stream: true } : {}) };
}

function post(agent, url, path, payload, tag) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", authorization: "Bearer sk-bench", "x-evalgate-attempt": tag },
    }, (res) => {
      let bytes = 0;
      res.on("data", (c) => (bytes += c.length));
      res.on("end", () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`status ${res.statusCode}`))));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

async function measure(url, api, stream) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const path = api === "chat" ? "/chat/completions" : "/responses";
  let done = 0;
  let n = 0;
  const until = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() < until) {
      const i = n++;
      await post(agent, url, path, JSON.stringify(bodyFor(api, stream, i)), `c${i % CASES}/${Math.floor(i / CASES)}`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  return done / ((performance.now() - t0) / 1000);
}

async function runBench() {
  const { child, url } = await startServer();
  let failed = false;
  try {
    await measure(url, "chat", false); // warm-up
    console.log(`simulator throughput, loopback, zero latency, ${CONCURRENCY} connections, ${SECONDS}s per mode (target ≥ ${TARGET_RPS} req/s)`);
    for (const api of ["chat", "responses"]) {
      for (const stream of [false, true]) {
        const rps = await measure(url, api, stream);
        const ok = rps >= TARGET_RPS;
        failed ||= !ok;
        console.log(`  ${api.padEnd(9)} ${stream ? "stream    " : "non-stream"} ${rps.toFixed(0).padStart(6)} req/s  ${ok ? "ok" : "BELOW TARGET"}`);
      }
    }
  } finally {
    child.kill("SIGTERM");
  }
  process.exitCode = failed ? 1 : 0;
}
