// The simulator's cost per request, in a child process so the load generator does not share
// its event loop. Replies are about 30 tokens (text and JSON in turn) to a system prompt and a
// ticket. Targets:
//  - at least 1,500 requests/s in every zero-latency mode (both APIs, streaming and not);
//  - at most 0.5 ms of the server's CPU per request (issue 16: a run's in-process simulator
//    must leave the run's core alone), in every mode and in a run-shaped one: streamed chat
//    through the openai SDK with a strict JSON schema, the attempt header and a 50 ms model,
//    each case once (up to 4,000 requests), as `evalgate run` sends them.
// Last, the run-shaped mode against a bare node:http server that answers with a fixed stream:
// the floor any server pays on this machine, printed beside the simulator's figure.
// Each mode is measured warm, after a short run of it (the run-shaped one after 3 s, about the
// requests of a 2,000-attempt run, its cost per request while warming printed beside). The simulator runs as a run starts it,
// in a worker thread (SIM_BENCH_IN_THREAD=1: in the child's main thread). The child reports its
// process.cpuUsage(), every thread's, when asked on stdin, so each mode's CPU is the child's
// alone. SIM_BENCH_CPU_PROF=DIR writes the child's CPU profiles there, one per thread;
// SIM_BENCH_MODES=run-shaped,… keeps the modes whose names start so.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const TARGET_RPS = 1500;
const TARGET_CPU_MS = 0.5;
const CONCURRENCY = 32;
const SECONDS = Number(process.env.SIM_BENCH_SECONDS ?? 2);
const CASES = 2000;
/** The run-shaped mode's cases come after the others', so their texts are new to the simulator, as in a run. */
const RUN_CASES = 4000;
const MODEL = "gpt-4.1-mini";
const MODEL_50MS = "gpt-4.1-mini-50ms";
const SYSTEM = "You are the support desk's triage assistant. Read the customer's ticket, decide which team owns it (billing, shipping or technical), and answer the customer in one or two friendly sentences.";
const SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["team", "order_id", "reply"],
  properties: { team: { type: "string", enum: ["billing", "shipping", "technical"] }, order_id: { type: "string" }, reply: { type: "string" } },
};

function ticketText(i) {
  return `Ticket ${i}: I ordered a pair of walking boots ten days ago and the tracking page still says "label created". Where is my order?`;
}

async function serveSimulator() {
  const { startSimulator, startSimulatorWorker } = await import("../dist/sim/index.js");
  const start = process.env.SIM_BENCH_IN_THREAD === "1" ? startSimulator : startSimulatorWorker;
  const entries = Array.from({ length: CASES + RUN_CASES }, (_, i) => ({
    caseId: `c${i}`,
    keys: [ticketText(i)],
    answer: i % 2
      ? `Order ${i} left our Leeds warehouse this morning by tracked courier; you will get an email with the tracking number and a delivery estimate today.`
      : { team: "billing", order_id: String(i), reply: "We refunded the duplicate charge; it shows on your statement within five working days." },
  }));
  const models = { [MODEL]: { accuracy: 0.9 }, [MODEL_50MS]: { accuracy: 0.9, latency: { ttft_ms: 50, jitter: 0 } } };
  const sim = await start({ seed: 1, models }, { entries });
  answerUsage(sim.url, () => sim.requestCount(), () => sim.close());
}

/**
 * What any server pays: node:http reading the request's JSON and answering with one fixed
 * ~30-delta stream after 50 ms. The run-shaped mode against it is the floor under the
 * simulator's figure on this machine.
 */
async function serveFloor() {
  const { createServer } = await import("node:http");
  const chunk = (delta, finish) => `data: {"id":"chatcmpl-floor","object":"chat.completion.chunk","created":1,"model":"${MODEL_50MS}","choices":[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${JSON.stringify(finish)}}],"usage":null}\n\n`;
  const words = JSON.stringify({ team: "billing", order_id: "12", reply: "We refunded the duplicate charge; it shows on your statement within five working days." }).match(/\S+\s*/g);
  const reply = [chunk({ role: "assistant", content: "" }, null), ...words.map((w) => chunk({ content: w }, null)), chunk({}, "stop"), "data: [DONE]\n\n"].join("");
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    let body = "";
    req.setEncoding("utf8").on("data", (d) => (body += d)).on("end", () => {
      JSON.parse(body);
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
      setTimeout(() => res.end(reply), 50);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  answerUsage(`http://127.0.0.1:${server.address().port}/v1`, () => requests, () => server.close());
}

/** Prints the server's URL; then one line in, one line out: the CPU this process has used so far and the requests it has served. */
function answerUsage(url, requestCount, close) {
  process.stdout.write(`${url}\n`);
  process.stdin.setEncoding("utf8").on("data", () => {
    const { user, system } = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ userUs: user, systemUs: system, requests: requestCount() })}\n`);
  });
  // Closing stdin stops the server; leaving by the event loop's end lets --cpu-prof write its file.
  process.stdin.on("end", () => close());
}

async function startServer(kind) {
  const prof = process.env.SIM_BENCH_CPU_PROF && kind === "simulator" ? ["--cpu-prof", "--cpu-prof-dir", process.env.SIM_BENCH_CPU_PROF] : [];
  const child = spawn(process.execPath, [...prof, fileURLToPath(import.meta.url), "--serve", kind], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const next = () => new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`simulator exited with ${code}`));
    child.once("exit", onExit);
    lines.once("line", (line) => {
      child.off("exit", onExit);
      resolve(line.trim());
    });
  });
  const url = await next();
  /** The child's CPU (µs) and the requests it has served so far. */
  const usage = async () => {
    const reply = next();
    child.stdin.write("usage\n");
    return JSON.parse(await reply);
  };
  const stop = () => new Promise((resolve) => {
    child.once("exit", resolve);
    child.stdin.end();
  });
  return { url, usage, stop };
}

function bodyFor(api, stream, i) {
  const text = ticketText(i % CASES);
  if (api === "chat") {
    const body = { model: MODEL, messages: [{ role: "system", content: SYSTEM }, { role: "user", content: text }] };
    return stream ? { ...body, stream: true, stream_options: { include_usage: true } } : body;
  }
  return { model: MODEL, instructions: SYSTEM, input: text, ...(stream ? { stream: true } : {}) };
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

/** Request numbers run on across modes, so the warm-up and the measure of a mode send different attempts. */
let sent = 0;

/** `send(i)` from CONCURRENCY loops for `seconds`: requests per second. */
async function drive(send, seconds) {
  let done = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  const loop = async () => {
    while (performance.now() < until) {
      await send(sent++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return done / ((performance.now() - t0) / 1000);
}

async function measure(url, api, stream, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const path = api === "chat" ? "/chat/completions" : "/responses";
  try {
    return await drive((i) => post(agent, url, path, JSON.stringify(bodyFor(api, stream, i)), `c${i % CASES}/${Math.floor(i / CASES)}`), seconds);
  } finally {
    agent.destroy();
  }
}

/** What `evalgate run` sends for a streamed chat target with an output schema. */
async function measureRunShaped(url, seconds) {
  const { default: OpenAI } = await import("openai");
  const client = new OpenAI({ baseURL: url, apiKey: "sk-bench", maxRetries: 0 });
  return drive(async (i) => {
    const stream = await client.chat.completions.create({
      model: MODEL_50MS,
      messages: [{ role: "system", content: SYSTEM }, { role: "user", content: ticketText(CASES + (i % RUN_CASES)) }],
      response_format: { type: "json_schema", json_schema: { name: "triage", schema: SCHEMA, strict: true } },
      max_completion_tokens: 256,
      store: false,
      stream: true,
      stream_options: { include_usage: true },
    }, { headers: { "x-evalgate-attempt": `c${CASES + (i % RUN_CASES)}/${Math.floor(i / RUN_CASES)}` } });
    for await (const chunk of stream) void chunk;
  }, seconds);
}

const MODES = [
  ...["chat", "responses"].flatMap((api) => [false, true].map((stream) => ({
    name: `${api.padEnd(9)} ${stream ? "stream    " : "non-stream"}`, rpsTarget: true, run: (url, seconds) => measure(url, api, stream, seconds),
  }))),
  // At ~600 requests/s its warm-up is about a 2,000-attempt run's worth of requests: V8 optimizes the simulator's code over its first thousand or so.
  { name: "run-shaped (chat stream, schema, SDK, 50 ms)", rpsTarget: false, run: measureRunShaped, warmupSeconds: 3 },
].filter((m) => !process.env.SIM_BENCH_MODES || process.env.SIM_BENCH_MODES.split(",").some((k) => m.name.startsWith(k)));

const RUN_SHAPED = MODES.find((m) => m.name.startsWith("run-shaped"));

/** A mode's requests per second and the server's CPU per request (ms, and the system part), measured warm. */
async function measureMode(server, mode) {
  // The figures are those of a warm server: each mode's code is compiled before it is measured.
  const start = await server.usage();
  await mode.run(server.url, mode.warmupSeconds ?? Math.min(1, SECONDS / 4));
  const before = await server.usage();
  const rps = await mode.run(server.url, SECONDS);
  const after = await server.usage();
  const perRequest = (from, to, field) => (to[field] - from[field]) / 1000 / Math.max(1, to.requests - from.requests);
  return {
    rps,
    cpuMs: perRequest(before, after, "userUs") + perRequest(before, after, "systemUs"),
    systemMs: perRequest(before, after, "systemUs"),
    warmup: { requests: before.requests - start.requests, cpuMs: perRequest(start, before, "userUs") + perRequest(start, before, "systemUs") },
  };
}

async function runBench() {
  let failed = false;
  const sim = await startServer("simulator");
  try {
    console.log(`simulator cost per request, loopback, ${CONCURRENCY} connections, ${SECONDS}s per mode`);
    console.log(`  (targets: ≥ ${TARGET_RPS} req/s at zero latency, ≤ ${TARGET_CPU_MS} ms of the server's CPU per request)`);
    for (const mode of MODES) {
      const { rps, cpuMs, systemMs, warmup } = await measureMode(sim, mode);
      const slow = mode.rpsTarget && rps < TARGET_RPS;
      const costly = cpuMs > TARGET_CPU_MS;
      failed ||= slow || costly;
      const verdict = slow ? "BELOW TARGET" : costly ? "CPU ABOVE TARGET" : "ok";
      console.log(`  ${mode.name.padEnd(20)} ${rps.toFixed(0).padStart(6)} req/s  ${cpuMs.toFixed(3)} ms CPU/request (${systemMs.toFixed(3)} system)  ${verdict}`);
      if (mode.warmupSeconds) console.log(`    its warm-up before: ${warmup.requests} requests at ${warmup.cpuMs.toFixed(3)} ms CPU/request (no target; the first requests of a cold server, V8 optimizing its code)`);
    }
  } finally {
    await sim.stop();
  }
  if (RUN_SHAPED) {
    const floor = await startServer("floor");
    try {
      const { rps, cpuMs } = await measureMode(floor, RUN_SHAPED);
      console.log(`  floor: node:http answering the run-shaped mode with a fixed stream, ${rps.toFixed(0)} req/s  ${cpuMs.toFixed(3)} ms CPU/request (no target)`);
    } finally {
      await floor.stop();
    }
  }
  process.exitCode = failed ? 1 : 0;
}

if (process.argv[2] === "--serve") {
  await (process.argv[3] === "floor" ? serveFloor() : serveSimulator());
} else {
  await runBench();
}
