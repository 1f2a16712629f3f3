// compareArms at scale (docs/design/architecture.md §9, §12): two arms of 10,000 cases × 3 repeats (60,000
// attempts), 8 case tags plus `critical`, every gate on, 2,000 bootstrap resamples for
// the cost and p95 latency ratios overall and per tag. Target: the whole comparison in
// ≤ 5,000 ms, so a comparison can be computed when a run ends without a wait.
import { createRng, seedFrom } from "../dist/core/index.js";
import { compareArms } from "../dist/compare/index.js";

const CASES = 10_000;
const REPEATS = 3;
const TARGET_MS = 5_000;

/** One arm; case difficulty is shared through `seedFrom("case", i)`, so the arms are correlated. */
function arm(runId, name, accuracy, latencyMs, costUsd) {
  const attempts = [];
  const cases = [];
  for (let i = 0; i < CASES; i++) {
    const caseId = `case-${i}`;
    const difficulty = createRng(seedFrom("case", i))();
    cases.push({ id: caseId, tags: [`tag-${i % 8}`, ...(i % 100 === 0 ? ["critical"] : [])], varsHash: `vars-${i}` });
    const rng = createRng(seedFrom(name, i));
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      const pass = rng() < accuracy * (1 - 0.5 * difficulty);
      const errored = rng() < 0.002;
      const totalMs = latencyMs * (0.6 + rng() + difficulty);
      attempts.push({
        runId, arm: name, caseId, repeat, status: errored ? "error" : "ok",
        output: errored ? null : { api: "chat", model: "m", text: "", toolCalls: [], refusal: null, finish: "stop", usage: null, latency: { ttftMs: totalMs / 3, totalMs }, requestId: null, raw: { request: null, response: null } },
        error: errored ? { kind: "server_error", message: "500", status: 500, requestId: null, retryable: true } : null,
        tries: 1, cost: { usd: errored ? null : costUsd * (0.8 + 0.4 * rng()), inputUsd: null, outputUsd: null },
        scores: [], score: errored ? null : pass ? 1 : 0, pass: errored ? null : pass,
        startedAt: "", finishedAt: "", replayed: false, simulated: true,
      });
    }
  }
  return { runId, arm: name, attempts, cases };
}

const baseline = arm("run_base", "triage@chat", 0.92, 400, 0.0003);
const candidate = arm("run_cand", "triage@responses", 0.92, 380, 0.0003);
const gates = { quality: { margin: 0.02 }, critical_regressions: 0, cost: { max_increase: 0.1 }, latency_p95: { max_increase: 0.2 }, errors: { max_rate: 0.01 }, pass_rate: { min: 0.6 } };
const started = performance.now();
const comparison = compareArms({ baseline, candidate, gates, seed: 1 });
const ms = performance.now() - started;
const slices = Object.keys(comparison.slices).length;
console.log(`compareArms: ${CASES.toLocaleString("en-US")} cases × ${REPEATS} repeats × 2 arms, ${slices} slices: ${Math.round(ms).toLocaleString("en-US")} ms (target ≤ ${TARGET_MS.toLocaleString("en-US")} ms)`);
console.log(`verdict ${comparison.verdict.status}: ${comparison.verdict.gates.map((g) => `${g.gate} ${g.status}`).join(", ")}`);
process.exitCode = ms <= TARGET_MS ? 0 : 1;
