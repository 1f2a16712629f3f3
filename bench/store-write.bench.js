// The store's write path alone (issue 16: a recorded attempt's share of the harness's CPU):
// 2,000 streamed chat attempts recorded one transaction each into a fresh SQLite file, as a
// run records them — raw request and ~30 streamed chunk events kept. Prints the CPU and wall
// per recorded attempt and the database bytes per attempt (file + WAL).
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../dist/store/index.js";
import { syntheticAttempt } from "./lib/synthetic-attempt.js";

const ATTEMPTS = Number(process.env.STORE_WRITE_ATTEMPTS ?? 2000);
const ARM = "triage@chat";
const WORDS = "Thanks for ticket N. I have routed it to the billing team, who will reply within one business day with the next steps for your request.".split(" ");

/** A streamed chat reply's raw events, as the provider keeps them: one chunk per word, then the finish and the usage. */
function streamedRaw(n) {
  const base = { id: `chatcmpl-${(n * 2654435761).toString(16).padStart(24, "0").slice(0, 24)}`, object: "chat.completion.chunk", created: 1_796_000_000 + n, model: "gpt-4.1-mini", service_tier: "default", system_fingerprint: "fp_evalgate_sim" };
  const chunk = (delta, finish = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], usage: null });
  const events = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const w of WORDS) events.push(chunk({ content: `${w.replace("N.", `${n}.`)} ` }));
  events.push(chunk({}, "stop"), { ...base, choices: [], usage: { prompt_tokens: 46, completion_tokens: 30, total_tokens: 76 } });
  const request = { model: "gpt-4.1-mini", messages: [{ role: "system", content: "You route support tickets. Answer in one sentence naming the team." }, { role: "user", content: `ticket ${n}: my parcel has not arrived and I would like to know when it will be delivered` }], max_completion_tokens: 64, stream: true, stream_options: { include_usage: true }, store: false };
  return { request, response: { events } };
}

const dir = mkdtempSync(join(tmpdir(), "evalgate-store-write-"));
const path = join(dir, "evalgate.db");
try {
  const store = await openStore(path);
  const id = "run_20261206T100000Z_aaaaaa";
  const cases = Array.from({ length: ATTEMPTS }, (_, i) => ({ id: `c${i}`, vars: { n: i }, tags: [], varsHash: `v${i}` }));
  const arms = [{ arm: ARM, promptId: "triage", targetId: "chat", api: "chat", model: "gpt-4.1-mini", params: {}, warnings: [], simulated: true }];
  await store.createRun({ id, suite: "triage", suiteHash: "h", status: "running", startedAt: "2026-12-06T10:00:00.000Z", finishedAt: null, gitCommit: null, gitDirty: null, evalgateVersion: "0.1.0", schemaVersion: 1, tags: [], arms, simulated: true }, { name: "triage", hash: "h", source: { name: "triage" } }, cases);
  const attempts = cases.map((c, n) => {
    const a = syntheticAttempt(id, c.id, ARM, 0, n + 1, { ttftMs: 50 });
    if (a.output) a.output.raw = streamedRaw(n);
    return a;
  });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (const a of attempts) await store.recordAttempt(a);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  await store.close();
  const bytes = ["", "-wal"].reduce((sum, s) => { try { return sum + statSync(path + s).size; } catch { return sum; } }, 0);
  console.log(`${ATTEMPTS} streamed attempts recorded, one transaction each: ${((cpu.user + cpu.system) / 1000 / ATTEMPTS).toFixed(3)} ms CPU, ${(wallMs / ATTEMPTS).toFixed(3)} ms wall per attempt; database ${(bytes / ATTEMPTS).toFixed(0)} bytes per attempt`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
