import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rolloutJsonSchemaText, type RolloutArtifact } from "../../src/rollout/index.js";
import { writeStageLog } from "../fixtures/stage-logs.js";
import { repoRoot, runCli } from "../helpers/cli.js";

/**
 * `evalgate rollout` on the demo (evals/demo.yaml on the simulator: the API migration and the
 * model upgrade), its JSON checked against the published schema, and `evalgate rollout check`
 * on generated stage logs: a healthy canary continues, a planted refusal increase rolls back.
 */
const dir = mkdtempSync(join(tmpdir(), "evalgate-rollout-"));
const db = join(dir, "evalgate.db");
const artifactFile = join(dir, "rollout.json");
let artifact: RolloutArtifact;

beforeAll(async () => {
  const run = await runCli(["run", "evals/demo.yaml", "--db", db], { timeoutMs: 240_000 });
  expect(run.stderr).not.toContain("error[");
  const written = await runCli(["rollout", "latest", "--db", db, "--format", "json", "--out", artifactFile, "--traffic-per-hour", "20000"]);
  expect(written.code, written.stderr).toBe(0);
  artifact = JSON.parse(readFileSync(artifactFile, "utf8")) as RolloutArtifact;
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const migration = () => artifact.comparisons.find((c) => c.candidateArm.endsWith("@resp-41-mini"))!;

describe("evalgate rollout on the demo", () => {
  it("writes a versioned artifact, valid against schema/rollout.schema.json, for the API migration and the model upgrade", () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, "schema/rollout.schema.json"), "utf8"));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    expect(validate(artifact), JSON.stringify(validate.errors)).toBe(true);
    expect(artifact).toMatchObject({ format: "evalgate-rollout", version: 1, stages: [1, 10, 50, 100], trafficPerHour: 20000 });
    expect(artifact.comparisons.map((c) => c.candidateArm).sort()).toEqual(["triage-v1@resp-41-mini", "triage-v1@resp-5-mini"]);
    for (const c of artifact.comparisons) {
      expect(c.verdict.gates.map((g) => g.gate)).toContain("quality");
      expect(c.parity?.rows.map((r) => r.key)).toContain("refusals");
      expect(c.segments.find((s) => s.tag === "critical")?.mcnemarPHolm).not.toBeUndefined();
      expect(c.metrics.map((m) => m.key)).toEqual(expect.arrayContaining(["errors", "refusals", "truncations", "schema_invalid", "slow_requests", "cost_per_request", "judge_quality_drop"]));
      expect(c.offlineOnly.map((o) => o.key)).toEqual(["quality", "pass_rate", "agreement"]);
      // A larger treatment share needs less traffic in total; every stage lists every metric.
      const sizes = c.plan.map((s) => s.requests);
      expect(sizes[0]).toBeGreaterThan(sizes[1]!);
      expect(sizes[1]).toBeGreaterThan(sizes[2]!);
      for (const s of c.plan) {
        expect(s.metrics).toHaveLength(c.metrics.length);
        expect(s.hours).toBeCloseTo(s.requests / 20000, 6);
      }
      // The check's α is split over the metrics it checks.
      const checked = c.metrics.filter((m) => m.measuredBy === "rollout check");
      for (const m of checked) expect(m.alpha).toBeCloseTo(0.05 / checked.length, 12);
    }
    // The migration's gates give the margins: errors from `errors: {max_rate: 0.01}`, cost from `cost: {max_increase: 0.10}`.
    const m = migration();
    expect(m.metrics.find((x) => x.key === "errors")).toMatchObject({ margin: 0.01, marginSource: "gate errors" });
    expect(m.metrics.find((x) => x.key === "cost_per_request")?.marginSource).toBe("gate cost (+10%)");
    expect(m.candidate.outputSchema).toMatchObject({ required: ["team", "priority", "order_id", "summary"] });
  });

  it("publishes the schema generated from the artifact's zod schema", () => {
    expect(readFileSync(join(repoRoot, "schema/rollout.schema.json"), "utf8"), "schema/rollout.schema.json is stale: run `npm run schema`").toBe(rolloutJsonSchemaText());
  });

  it("renders Markdown by default and self-contained HTML through report --format rollout", async () => {
    const md = await runCli(["rollout", "latest", "--db", db, "--comparison", migration().id]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain("### Staged plan");
    expect(md.stdout).toContain("| 1% |");
    expect(md.stdout).not.toContain("resp-5-mini");
    const htmlFile = join(dir, "rollout.html");
    const html = await runCli(["report", "latest", "--db", db, "--format", "rollout", "--rollout-format", "html", "--out", htmlFile]);
    expect(html.code, html.stderr).toBe(0);
    const text = readFileSync(htmlFile, "utf8");
    expect(text).toContain("<h3>Staged plan</h3>");
    expect(text).not.toMatch(/<script|https?:\/\/|<link|src=/i);
  });

  it("refuses bad flags with exit 2, naming the flag", async () => {
    const stages = await runCli(["rollout", "latest", "--db", db, "--stages", "10,5"]);
    expect(stages.code).toBe(2);
    expect(stages.stderr).toContain("--stages");
    const format = await runCli(["rollout", "latest", "--db", db, "--format", "pdf"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format must be one of md, html, json");
  });
});

describe("evalgate rollout check on generated stage logs", () => {
  const check = (treatment: string, control: string, extra: string[] = []) =>
    runCli(["rollout", "check", artifactFile, "--comparison", migration().id, "--stage", "50", "--treatment", treatment, "--control", control, "--latency-threshold-ms", "600", ...extra], { timeoutMs: 120_000 });
  const healthy = { errorRate: 0.005, refusalRate: 0.02, truncationRate: 0.01, latencyMs: 400 };

  it("continues a healthy canary (exit 0) once the stage has its traffic", async () => {
    const n = Math.ceil(migration().plan.find((s) => s.percent === 50)!.requests * 0.8);
    writeStageLog(join(dir, "t-ok.jsonl"), { requests: n, seed: 1, ...healthy });
    writeStageLog(join(dir, "c-ok.jsonl"), { requests: n, seed: 2, ...healthy });
    const r = await check(join(dir, "t-ok.jsonl"), join(dir, "c-ok.jsonl"));
    expect(r.stdout).toContain("CONTINUE");
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 120_000);

  it("rolls back a canary with a planted 5-point refusal increase (exit 1), and holds on too little traffic (exit 4)", async () => {
    writeStageLog(join(dir, "t-bad.jsonl"), { requests: 3000, seed: 3, ...healthy, refusalRate: 0.07 });
    writeStageLog(join(dir, "c-bad.jsonl"), { requests: 3000, seed: 4, ...healthy });
    const bad = await check(join(dir, "t-bad.jsonl"), join(dir, "c-bad.jsonl"), ["--json"]);
    expect(bad.code, bad.stderr).toBe(1);
    const report = JSON.parse(bad.stdout) as { decision: string; metrics: Array<{ key: string; status: string; estimate: number }> };
    expect(report.decision).toBe("roll back");
    const refusals = report.metrics.find((m) => m.key === "refusals")!;
    expect(refusals.status).toBe("breach shown");
    expect(refusals.estimate).toBeGreaterThan(0.03);
    writeStageLog(join(dir, "t-few.jsonl"), { requests: 200, seed: 5, ...healthy });
    writeStageLog(join(dir, "c-few.jsonl"), { requests: 200, seed: 6, ...healthy });
    const few = await check(join(dir, "t-few.jsonl"), join(dir, "c-few.jsonl"));
    expect(few.code).toBe(4);
    expect(few.stdout).toContain("HOLD");
  }, 120_000);

  it("names file:line for a bad log line, and the flag for an unknown stage (exit 2)", async () => {
    const broken = join(dir, "broken.jsonl");
    writeFileSync(broken, `${readFileSync(join(dir, "c-few.jsonl"), "utf8").split("\n")[0]}\n{"request": nope}\n`);
    const bad = await check(broken, join(dir, "c-few.jsonl"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${broken}:2`);
    const stage = await runCli(["rollout", "check", artifactFile, "--comparison", migration().id, "--stage", "7", "--treatment", broken, "--control", broken]);
    expect(stage.code).toBe(2);
    expect(stage.stderr).toContain("--stage 7 is not a stage");
  });
});
