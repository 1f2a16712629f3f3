/**
 * The simulator in a worker thread (src/sim/start-worker.ts), as `evalgate run` starts it:
 * from the built dist/, where the compiled worker is (`npm test` builds first). From the
 * TypeScript sources, start-worker falls back to this thread, which the last test shows.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { EvalgateError } from "../../src/core/index.js";
import { resolveSimConfig, startSimulator } from "../../src/sim/index.js";
import { spawnSimulatorWorker as spawnFromSources } from "../../src/sim/start-worker.js";
import { loadedModules } from "../helpers/loaded-modules.js";
import { repoRoot } from "../helpers/cli.js";
import { postJson, routingIndex, simInfo, textKey } from "./sim-client.js";

type StartWorker = typeof import("../../src/sim/start-worker.js");
let built: StartWorker;

beforeAll(async () => {
  const file = join(repoRoot, "dist/sim/start-worker.js");
  built = (await import(pathToFileURL(file).href).catch(() => {
    throw new Error("dist/ is missing: run `npm run build` first");
  })) as StartWorker;
});

const closing: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(closing.map((s) => s.close()));
});

const ask = (i: number) => ({ model: "m", messages: [{ role: "user", content: textKey(i) }] });

test("a worker's simulator answers the cases, counts requests as they arrive, and logs them on close", async () => {
  const logFile = join(mkdtempSync(join(tmpdir(), "sim-worker-")), "requests.jsonl");
  const sim = await built.startSimulatorWorker({ seed: 3, models: { m: { accuracy: 1 } } }, routingIndex(3), { logFile });
  closing.push(sim);
  expect(sim.url).toBe(`http://127.0.0.1:${sim.port}/v1`);
  expect(sim.requestCount()).toBe(0);
  const replies = await Promise.all([0, 1, 2].map((i) => postJson(sim.url, "/chat/completions", ask(i))));
  expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
  expect(replies.map((r) => simInfo(r).case)).toEqual(["text-0", "text-1", "text-2"]);
  expect(sim.requestCount()).toBe(3);
  await sim.close();
  expect(readFileSync(logFile, "utf8").trim().split("\n")).toHaveLength(3);
  await expect(postJson(sim.url, "/chat/completions", ask(0))).rejects.toThrow(/ECONNREFUSED/);
});

test("an invalid config fails with startSimulator's own error: code, message and hint", async () => {
  const config = { models: { m: { accuracy: 3 } } };
  const failure = (start: Promise<unknown>) => start.then(() => expect.unreachable("the start succeeded"), (e: unknown) => e as EvalgateError);
  const inThread = await failure(startSimulator(config));
  // dist's EvalgateError is another class than src's: compare what the CLI prints.
  const inWorker = await failure(built.startSimulatorWorker(config));
  expect(inThread.code).toBe("CONFIG_INVALID");
  expect({ name: inWorker.name, code: inWorker.code, message: inWorker.message, hint: inWorker.hint }).toEqual({
    name: inThread.name, code: inThread.code, message: inThread.message, hint: inThread.hint,
  });
  expect(inWorker.format()).toMatch(/^error\[CONFIG_INVALID\] invalid simulator config: sim\.models\.m\.accuracy/);
});

test("a port already taken fails the start with the listen error, not a hang", async () => {
  const taken = await startSimulator({});
  closing.push(taken);
  await expect(built.startSimulatorWorker({}, undefined, { port: taken.port })).rejects.toMatchObject({ code: "EADDRINUSE" });
});

test("a thread that is never started closes at once, and closing twice is fine", async () => {
  const pending = built.spawnSimulatorWorker();
  const t0 = performance.now();
  await pending.close();
  await pending.close();
  expect(performance.now() - t0).toBeLessThan(1_000);
});

test("from the TypeScript sources the simulator runs in this thread, behind the same interface", async () => {
  const sim = await spawnFromSources().start(resolveSimConfig({ models: { m: { accuracy: 1 } } }), routingIndex(1));
  closing.push(sim);
  expect((await postJson(sim.url, "/chat/completions", ask(0))).status).toBe(200);
  expect(sim.requestCount()).toBe(1);
});

/** What `evalgate run` on a two-case simulator suite loads in one thread: tests/helpers/import-log-hooks.mjs prints each file loaded, registered in that thread only (a worker runs --import again). */
async function loadedByRun(thread: "main" | "simulator"): Promise<ReturnType<typeof loadedModules>> {
  const hooks = pathToFileURL(join(repoRoot, "tests/helpers/import-log-hooks.mjs")).href;
  const threadHooks = `data:text/javascript,import { register } from "node:module"; import { isMainThread } from "node:worker_threads"; if (${thread === "main" ? "" : "!"}isMainThread) register(${JSON.stringify(hooks)});`;
  const dir = mkdtempSync(join(tmpdir(), "sim-worker-run-"));
  const suite = join(dir, "s.yaml");
  writeFileSync(suite, [
    "name: s", "prompts:", '  - { id: p, input: "{{q}}" }', "targets:", "  - { id: t, api: chat, model: gpt-4.1-mini, base_url: sim }",
    "cases:", "  - { id: c1, vars: { q: one } }", "  - { id: c2, vars: { q: two } }", "graders:", '  - { type: contains, value: "x" }', "",
  ].join("\n"));
  const { code, stderr } = await new Promise<{ code: number; stderr: string }>((resolve, reject) => {
    execFile(process.execPath, ["--import", threadHooks, join(repoRoot, "bin/evalgate.js"), "run", suite, "--db", join(dir, "e.db")], { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1", CI: "true" } }, (error, _stdout, err) => {
      if (error && typeof error.code !== "number") reject(error);
      else resolve({ code: typeof error?.code === "number" ? error.code : 0, stderr: err });
    });
  });
  expect(code).toBe(0);
  return loadedModules(stderr);
}

test("a run on the simulator loads Fastify and the tokenizer in the simulator's thread only", async () => {
  const { packages, files } = await loadedByRun("main");
  expect(packages.filter((p) => p === "fastify" || p === "gpt-tokenizer")).toEqual([]);
  expect(files.filter((f) => f.startsWith("sim/"))).toEqual(["sim/start-worker.js", "sim/worker-protocol.js"]);
}, 60_000);

test("the simulator's thread loads no zod and no suite code: its config comes validated from the run's thread", async () => {
  const { packages, files } = await loadedByRun("simulator");
  expect(packages).toContain("fastify");
  expect(packages).toContain("gpt-tokenizer");
  expect(packages).not.toContain("zod");
  expect(files).toContain("sim/listen.js");
  expect(files.filter((f) => f === "sim/config.js" || f === "core/index.js" || f.startsWith("suite/") || f.startsWith("store/"))).toEqual([]);
}, 60_000);
