// Calibration of the whole verdict (docs/verdict.md, docs/design/statistics.md): simulated
// suites of known truth run through the library's own compareArms with the README's gates —
// quality margin 0.02, critical_regressions, cost +10%, latency_p95 +20%, errors 1% — 10% of
// cases tagged `critical`, case difficulty shared by both arms. Two score models: the bench's
// own (per-case pass probability Beta(1.8, 0.2), mean 0.90) and a mid-range one (Beta(1.5, 0.5),
// mean 0.75). Cost, latency and error rates are equal between the arms unless a setting says
// otherwise. Each setting runs REPLICATIONS suites with 1,000 bootstrap resamples, split over
// both cores; it passes when its rate is within its target + 2 Monte-Carlo standard errors.
// The parity gates (refusal_rate, truncation_rate, schema_validity at +1 pp) have settings of
// their own: each case's propensity for the event is shared by both arms (an exponential factor
// with mean 1 around the base rate), the candidate's shifted by a planted increase.
// Not in .ci/run (about 15 minutes on 2 cores). `node bench/calibration.bench.js [--quick] [--only TEXT]`.
// Exits non-zero when a target is missed.
import { availableParallelism } from "node:os";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { createRng, seedFrom } from "../dist/core/index.js";
import { compareArms } from "../dist/compare/index.js";
import { nonInferiority } from "../dist/stats/index.js";

const QUICK = process.argv.includes("--quick");
/** `--only TEXT`: run the settings whose name contains TEXT. */
const ONLY = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const REPLICATIONS = QUICK ? 200 : 2000;
const RESAMPLES = 1000;
const MARGIN = 0.02;
const GATES = { quality: { margin: MARGIN }, critical_regressions: 0, cost: { max_increase: 0.1 }, latency_p95: { max_increase: 0.2 }, errors: { max_rate: 0.01 } };
const MODELS = { bench: { a: 1.8, b: 0.2 }, mid: { a: 1.5, b: 0.5 } };
/** The parity gates, each at its default (+1 pp); the parity settings use these alone. */
const PARITY_GATES = { refusal_rate: { max_increase: 0.01 }, truncation_rate: { max_increase: 0.01 }, schema_validity: { max_increase: 0.01 } };
/** Which output event each parity gate counts. */
const EVENT_OF = { refusal_rate: "refusal", truncation_rate: "truncation", schema_validity: "invalid" };

/**
 * Settings: `truth` is the candidate's true quality difference (points of pass probability),
 * `cost`/`latency` its true relative increases. `measure` names what is counted: the whole
 * verdict, one gate, or (with `looks`) the worst over five looks at one stored baseline.
 */
const SETTINGS = [
  ...[50, 200, 1000].flatMap((n) =>
    [1, 3].flatMap((repeat) =>
      [false, true].map((groups) => ({ name: `identical arms, n ${n}, repeat ${repeat}${groups ? ", groups of 5" : ""}`, n, repeat, groups, truth: 0, target: ["FAIL", "≤", 0.05] })),
    ),
  ),
  { name: "identical arms, n 200, mid-range model", n: 200, model: "mid", truth: 0, target: ["FAIL", "≤", 0.05] },
  { name: "identical arms, n 1000, mid-range model", n: 1000, model: "mid", truth: 0, target: ["FAIL", "≤", 0.05] },
  { name: "+3-point improvement, n 200", n: 200, truth: 0.03, target: ["FAIL", "≤", 0.01] },
  { name: "+3-point improvement, n 200, mid-range", n: 200, model: "mid", truth: 0.03, target: ["FAIL", "≤", 0.01] },
  ...[50, 200, 1000, 2000].map((n) => ({ name: `drop of m/2, n ${n}`, n, truth: -MARGIN / 2, target: ["FAIL", "≤", 0.05] })),
  { name: "drop of 3m, n 2000, first look", n: 2000, truth: -3 * MARGIN, target: ["FAIL", "≥", 0.8] },
  { name: "stated power at d = 0, n 1000 (quality gate)", n: 1000, truth: 0, measure: "quality", target: ["PASS", "≈ stated power ±", 0.03] },
  { name: "stated power at d = 0, n 2000 (quality gate)", n: 2000, truth: 0, measure: "quality", target: ["PASS", "≈ stated power ±", 0.03] },
  { name: "five looks at truth −m, n 1000: any PASS (quality)", n: 1000, truth: -MARGIN, looks: 5, measure: "quality", target: ["PASS", "≤", 0.05] },
  { name: "five looks at truth −m/2, n 1000: any FAIL (quality)", n: 1000, truth: -MARGIN / 2, looks: 5, measure: "quality", target: ["FAIL", "≤", 0.05] },
  ...["refusal_rate", "truncation_rate", "schema_validity"].flatMap((gate) => [
    { name: `${gate}: identical arms at 2%, n 1000: FAIL`, n: 1000, gates: PARITY_GATES, measure: gate, event: { rate: 0.02, increase: 0 }, target: ["FAIL", "≤", 0.05] },
    { name: `${gate}: identical arms at 0.5%, n 1000: PASS`, n: 1000, gates: PARITY_GATES, measure: gate, event: { rate: 0.005, increase: 0 }, target: ["PASS", "≥", 0.8] },
    { name: `${gate}: +1 pp (= max_increase) from 2%, n 1000: FAIL`, n: 1000, gates: PARITY_GATES, measure: gate, event: { rate: 0.02, increase: 0.01 }, target: ["FAIL", "≤", 0.05] },
    { name: `${gate}: planted +5 pp from 2%, n 1000: FAIL`, n: 1000, gates: PARITY_GATES, measure: gate, event: { rate: 0.02, increase: 0.05 }, target: ["FAIL", "≥", 0.8] },
  ]),
  ...[20, 50, 200].flatMap((n) => [
    { name: `cost +10% (= max_increase), n ${n}: FAIL`, n, cost: 0.1, measure: "cost", target: ["FAIL", "≤", 0.05] },
    { name: `cost +10% (= max_increase), n ${n}: PASS`, n, cost: 0.1, measure: "cost", target: ["PASS", "≤", 0.05] },
    { name: `latency +20% (= max_increase), n ${n}: FAIL`, n, latency: 0.2, measure: "latency_p95", target: ["FAIL", "≤", 0.05] },
    { name: `latency +20% (= max_increase), n ${n}: PASS`, n, latency: 0.2, measure: "latency_p95", target: ["PASS", "≤", 0.05] },
  ]),
];

function normal(rng) {
  let u = rng();
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Marsaglia–Tsang; shape < 1 through Gamma(a + 1)·U^(1/a). */
function gamma(rng, shape) {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    if (Math.log(rng() || Number.MIN_VALUE) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

const beta = (rng, a, b) => {
  const x = gamma(rng, a);
  return x / (x + gamma(rng, b));
};

/** The candidate's pass probability for a case the baseline passes with p, under a true difference (a drop scales p, a gain scales 1 − p). */
function shifted(p, delta, mean) {
  if (delta < 0) return p * (mean + delta) / mean;
  return 1 - (1 - p) * (1 - mean - delta) / (1 - mean);
}

/** One suite's cases: difficulty, cost and latency level, tag and group, shared by both arms. */
function drawCases(rng, s) {
  const m = MODELS[s.model ?? "bench"];
  const cases = [];
  const groupShift = new Map();
  for (let i = 0; i < s.n; i++) {
    const group = s.groups ? `g${Math.floor(i / 5)}` : null;
    // Groups: cases of one group move together in the candidate (a template both arms handle
    // alike on average, but not group by group) — what `group:` is for.
    if (group && !groupShift.has(group)) groupShift.set(group, 0.08 * normal(rng));
    cases.push({
      id: `c${String(i).padStart(5, "0")}`,
      p: beta(rng, m.a, m.b),
      mean: m.a / (m.a + m.b),
      cost: 0.0004 * Math.exp(0.5 * normal(rng)),
      latency: 400 * Math.exp(0.3 * normal(rng)),
      critical: rng() < 0.1,
      // A case's propensity for the parity event (refusal, truncation, invalid output): shared by both arms.
      propensity: -Math.log(1 - rng()),
      group,
      shift: group ? groupShift.get(group) : 0,
    });
  }
  return cases;
}

function attemptsFor(rng, runId, arm, cases, repeat, side, s) {
  const out = [];
  for (const c of cases) {
    let p = c.p;
    if (side === "candidate") p = Math.min(1, Math.max(0, shifted(p, s.truth ?? 0, c.mean) + c.shift));
    for (let r = 0; r < repeat; r++) {
      const errored = rng() < 0.005;
      const pass = !errored && rng() < p;
      const costUsd = c.cost * Math.exp(0.1 * normal(rng)) * (side === "candidate" ? 1 + (s.cost ?? 0) : 1);
      const latency = c.latency * Math.exp(0.25 * normal(rng)) * (side === "candidate" ? 1 + (s.latency ?? 0) : 1);
      const event = s.event ? eventOf(rng, c, side, s) : null;
      out.push(attempt(runId, arm, c.id, r, errored, pass, costUsd, latency, event));
    }
  }
  return out;
}

/** Whether this attempt shows the setting's parity event: the case's propensity × the base rate, plus the candidate's planted increase. */
function eventOf(rng, c, side, s) {
  const p = Math.min(1, s.event.rate * c.propensity + (side === "candidate" ? s.event.increase : 0));
  return rng() < p ? EVENT_OF[s.measure] : null;
}

// Shared parts of the attempts (compareArms reads them, never writes): most of a suite's
// objects are built once, so the bench spends its time in the comparison, not in allocation.
const RAW = { request: null, response: null };
const NO_COST = { usd: null, inputUsd: null, outputUsd: null };
const SERVER_ERROR = { kind: "server_error", message: "500", status: 500, requestId: null, retryable: true };
const SCORES = [[{ grader: "g", type: "equals", value: 0, pass: false, reason: "", weight: 1 }], [{ grader: "g", type: "equals", value: 1, pass: true, reason: "", weight: 1 }]];
const STARTED = "2026-12-01T00:00:00.000Z";
const FINISHED = "2026-12-01T00:00:01.000Z";

function attempt(runId, arm, caseId, repeat, errored, pass, usd, latency, event = null) {
  if (errored) {
    return { runId, arm, caseId, repeat, status: "error", output: null, error: SERVER_ERROR, tries: 1, cost: NO_COST, scores: [], score: null, pass: null, startedAt: STARTED, finishedAt: FINISHED, replayed: false, simulated: true };
  }
  const output = {
    api: "chat", model: "m", text: event === "invalid" ? "not json" : "", toolCalls: [], refusal: event === "refusal" ? "I can't help with that." : null,
    finish: event === "truncation" ? "length" : "stop", usage: null, latency: { ttftMs: null, totalMs: latency }, requestId: null, raw: RAW,
  };
  return {
    runId, arm, caseId, repeat, status: "ok", output, error: null, tries: 1,
    cost: { usd, inputUsd: null, outputUsd: null },
    scores: SCORES[pass ? 1 : 0], score: pass ? 1 : 0, pass,
    startedAt: STARTED, finishedAt: FINISHED, replayed: false, simulated: true,
  };
}

/** The parity settings' output schema, as the use case would check it: the bench marks an invalid output by its text. */
const CONTRACT = { schemaValid: (o) => o.text !== "not json", toolArgumentsValid: () => true };

const caseTable = (cases) => cases.map((c) => ({ id: c.id, tags: c.critical ? ["critical"] : [], varsHash: "h", ...(c.group ? { group: c.group } : {}) }));

/** One replication: the statuses counted for the setting, and the stated power of the quality gate. */
function replicate(s, rng, index) {
  const cases = drawCases(rng, s);
  const table = caseTable(cases);
  const repeat = s.repeat ?? 1;
  const contract = s.event ? { contract: CONTRACT } : {};
  const baseline = { runId: "base", arm: "p@a", attempts: attemptsFor(rng, "base", "p@a", cases, repeat, "baseline", s), cases: table, ...contract };
  const looks = s.looks ?? 1;
  const statuses = [];
  let power = null;
  for (let look = 1; look <= looks; look++) {
    const runId = `cand${look}`;
    const candidate = { runId, arm: "p@b", attempts: attemptsFor(rng, runId, "p@b", cases, repeat, "candidate", s), cases: table, ...contract };
    const c = compareArms({ baseline, candidate, gates: s.gates ?? GATES, seed: index * 7 + look, resamples: RESAMPLES, look: { number: look, max: 5, key: "bench", history: true } });
    const gate = s.measure ? c.verdict.gates.find((g) => g.gate === s.measure) : null;
    statuses.push(gate ? gate.status : c.verdict.status);
    if (look === 1 && !s.event) power = statedPower(baseline.attempts, candidate.attempts);
  }
  // Over looks: the worst a user re-running until green would meet for PASS, or the first FAIL.
  const wanted = s.target[0];
  return { status: statuses.includes(wanted) ? wanted : statuses[statuses.length - 1], power };
}

/** The power the quality gate states at d = 0: nonInferiority on the per-case mean scores, as compare's qualityEvidence calls it. */
function statedPower(baseline, candidate) {
  const mean = (attempts) => {
    const byCase = new Map();
    for (const a of attempts) {
      const c = byCase.get(a.caseId) ?? { sum: 0, n: 0, errors: 0 };
      c.sum += a.score ?? 0;
      c.n++;
      if (a.status === "error") c.errors++;
      byCase.set(a.caseId, c);
    }
    return byCase;
  };
  const b = mean(baseline);
  const c = mean(candidate);
  const ids = [...b.keys()].filter((id) => c.has(id) && !(b.get(id).errors === b.get(id).n && c.get(id).errors === c.get(id).n));
  const r = nonInferiority(ids.map((id) => b.get(id).sum / b.get(id).n), ids.map((id) => c.get(id).sum / c.get(id).n), { margin: MARGIN, level: 1 - (2 * 0.05) / 5, floor: true });
  return r.power;
}

function runShare(setting, worker, workers, replications) {
  const counts = { PASS: 0, FAIL: 0, INCONCLUSIVE: 0, NOT_EVALUATED: 0 };
  let powerSum = 0;
  let powerCount = 0;
  const rng = createRng(seedFrom("calibration", setting.name, worker));
  for (let i = worker; i < replications; i += workers) {
    const { status, power } = replicate(setting, rng, i);
    counts[status]++;
    if (power !== null) (powerSum += power), powerCount++;
  }
  return { counts, powerSum, powerCount };
}

if (!isMainThread) {
  const { setting, worker, workers, replications } = workerData;
  parentPort.postMessage(runShare(setting, worker, workers, replications));
} else {
  const workers = Math.max(1, Math.min(2, availableParallelism()));
  const file = fileURLToPath(import.meta.url);
  const pct = (x) => `${(100 * x).toFixed(1)}%`;
  const started = performance.now();
  let missed = 0;
  console.log(`verdict calibration: README gates, ${REPLICATIONS} suites per setting, ${RESAMPLES} bootstrap resamples, ${workers} workers`);
  for (const setting of SETTINGS.filter((x) => ONLY === null || x.name.includes(ONLY))) {
    const t0 = performance.now();
    const shares = await Promise.all(
      Array.from({ length: workers }, (_, worker) =>
        new Promise((resolve, reject) => {
          const w = new Worker(file, { workerData: { setting, worker, workers, replications: REPLICATIONS } });
          w.once("message", resolve);
          w.once("error", reject);
        }),
      ),
    );
    const counts = { PASS: 0, FAIL: 0, INCONCLUSIVE: 0, NOT_EVALUATED: 0 };
    let powerSum = 0;
    let powerCount = 0;
    for (const s of shares) {
      for (const k of Object.keys(counts)) counts[k] += s.counts[k];
      powerSum += s.powerSum;
      powerCount += s.powerCount;
    }
    const [status, op, bound] = setting.target;
    const rate = counts[status] / REPLICATIONS;
    const stated = powerCount ? powerSum / powerCount : null;
    let ok;
    let target;
    if (op.startsWith("≈")) {
      const se = Math.sqrt((rate * (1 - rate)) / REPLICATIONS);
      ok = stated !== null && Math.abs(rate - stated) <= bound + 2 * se;
      target = `PASS within ${pct(bound)} of stated power ${stated === null ? "—" : pct(stated)}`;
    } else {
      const se = Math.sqrt((bound * (1 - bound)) / REPLICATIONS);
      ok = op === "≤" ? rate <= bound + 2 * se : rate >= bound - 2 * se;
      target = `${status} ${op} ${pct(bound)} (±2 MC SE ${pct(2 * se)})`;
    }
    if (!ok) missed++;
    const all = Object.entries(counts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${pct(v / REPLICATIONS)}`).join("  ");
    console.log(`${setting.name.padEnd(56)} ${all.padEnd(52)} stated power ${stated === null ? "—" : pct(stated).padStart(6)}  (${((performance.now() - t0) / 1000).toFixed(1)} s)  ${target}: ${ok ? "met" : "MISSED"}`);
  }
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s; ${missed ? `${missed} target(s) missed` : "all targets met"}`);
  process.exitCode = missed ? 1 : 0;
}
