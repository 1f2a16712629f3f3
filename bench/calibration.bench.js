// Calibration of the quality gate (docs/design/architecture.md §9): simulated paired suites with a known true
// difference, 1,000 suites per line, nonInferiority at margin 0.02 on the per-case scores.
// Model (docs/design/statistics.md): each case has a pass probability p ~ Beta(1.8, 0.2)
// (mean 0.90, most cases easy, a tail of hard ones) shared by both arms; the candidate's
// probability is p moved by the true difference (a drop scales p, a gain scales 1 − p),
// so the arms are correlated through the case. Exits non-zero when a target is missed.
import { createRng, seedFrom } from "../dist/core/index.js";
import { nonInferiority } from "../dist/stats/index.js";

const SUITES = 1000;
const MARGIN = 0.02;
const ALPHA = 1.8;
const BETA = 0.2;
const MEAN = ALPHA / (ALPHA + BETA);

const LINES = [
  { name: "equal arms, 400 cases", cases: 400, delta: 0, target: { FAIL: ["≤", 0.065] } },
  { name: "4-point drop, 1,000 cases", cases: 1000, delta: -0.04, target: { FAIL: ["≥", 0.8], PASS: ["≤", 0.01] } },
  { name: "1-point gain, 1,000 cases", cases: 1000, delta: 0.01, target: { FAIL: ["≤", 0.02] } },
  { name: "equal arms, 5,000 cases", cases: 5000, delta: 0, target: { PASS: ["≥", 0.8] } },
  // Our own check: the "cases needed" the gate states (1,856 for this model) deliver its 80% power.
  { name: "equal arms, 1,856 cases", cases: 1856, delta: 0, target: { PASS: ["≥", 0.77] } },
  { name: "equal arms, 1,000 cases × 3 repeats", cases: 1000, delta: 0, repeats: 3, target: { FAIL: ["≤", 0.065] } },
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

function beta(rng, a, b) {
  const x = gamma(rng, a);
  return x / (x + gamma(rng, b));
}

/** The candidate's pass probability for a case the baseline passes with probability p. */
function shifted(p, delta) {
  if (delta < 0) return p * (MEAN + delta) / MEAN;
  return 1 - (1 - p) * (1 - MEAN - delta) / (1 - MEAN);
}

function score(rng, p, repeats) {
  let passed = 0;
  for (let r = 0; r < repeats; r++) if (rng() < p) passed++;
  return passed / repeats;
}

function simulateLine(line) {
  const rng = createRng(seedFrom("calibration", line.name));
  const counts = { PASS: 0, FAIL: 0, INCONCLUSIVE: 0 };
  const repeats = line.repeats ?? 1;
  let sdSum = 0;
  let powerSum = 0;
  const needed = [];
  const baseline = new Array(line.cases);
  const candidate = new Array(line.cases);
  for (let s = 0; s < SUITES; s++) {
    for (let i = 0; i < line.cases; i++) {
      const p = beta(rng, ALPHA, BETA);
      baseline[i] = score(rng, p, repeats);
      candidate[i] = score(rng, shifted(p, line.delta), repeats);
    }
    const r = nonInferiority(baseline, candidate, { margin: MARGIN, confidence: 0.9 });
    counts[r.status]++;
    sdSum += r.sd;
    powerSum += r.power ?? 0;
    if (r.casesNeeded !== null) needed.push(r.casesNeeded);
  }
  needed.sort((a, b) => a - b);
  return { counts, sd: sdSum / SUITES, power: powerSum / SUITES, casesNeeded: needed[Math.floor(needed.length / 2)] };
}

const pct = (x) => `${(100 * x).toFixed(1)}%`;
let missed = 0;
const started = performance.now();
console.log("stated power: the mean power the gate reported at a true difference of 0 (compare with PASS on equal-arm lines)");
console.log(`quality gate calibration: margin ${MARGIN}, ${SUITES} suites per line, per-case p ~ Beta(${ALPHA}, ${BETA}) (mean ${MEAN})`);
for (const line of LINES) {
  const t0 = performance.now();
  const { counts, sd, power, casesNeeded } = simulateLine(line);
  const rates = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / SUITES]));
  const checks = Object.entries(line.target).map(([status, [op, bound]]) => {
    const ok = op === "≤" ? rates[status] <= bound : rates[status] >= bound;
    if (!ok) missed++;
    return `${status} ${op} ${pct(bound)} ${ok ? "met" : "MISSED"}`;
  });
  console.log(
    `${line.name.padEnd(38)} PASS ${pct(rates.PASS).padStart(6)}  FAIL ${pct(rates.FAIL).padStart(6)}  INCONCLUSIVE ${pct(rates.INCONCLUSIVE).padStart(6)}` +
      `  sd(d) ${sd.toFixed(3)}  stated power ${pct(power)}  median cases needed ${casesNeeded}  (${((performance.now() - t0) / 1000).toFixed(1)} s)  target: ${checks.join(", ")}`,
  );
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s; ${missed ? `${missed} target(s) missed` : "all targets met"}`);
process.exitCode = missed ? 1 : 0;
