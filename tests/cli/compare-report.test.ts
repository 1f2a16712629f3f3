import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import type { Attempt, Run } from "../../src/core/index.js";
import type { JsonReport } from "../../src/report/index.js";
import type { RunFile } from "../../src/report/run-file.js";
import { openStore, type StoredSuite } from "../../src/store/index.js";
import { ARM_A, ARM_B, makeAttempt, makeCases, makeErrorAttempt, makeRun } from "../../src/store/store-fixtures.js";
import { repoRoot, runCli } from "../helpers/cli.js";

/**
 * A database built through the Store: a main baseline and three candidate runs of the
 * same suite (gates: quality margin 0.15 — what 30 cases can show, floored, under the five-look
 * design: bounds ±0.145 on identical arms), 30 cases each, on the same two arms.
 * pass: identical results · fail: 20 regressions · inconclusive: one regression, one fix.
 */
const dir = mkdtempSync(join(tmpdir(), "evalgate-compare-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.GITHUB_STEP_SUMMARY;
});

const N = 30;
const SUITE: StoredSuite = {
  name: "support-triage",
  hash: "hash-gated",
  source: { name: "support-triage", gates: { quality: { margin: 0.15 } }, compare: [{ baseline: ARM_A.targetId, candidate: ARM_B.targetId, gates: { errors: { max_rate: 0 } } }] },
};
const IDS = { main: "run_20261125T080000Z_000001", pass: "run_20261125T090000Z_000002", fail: "run_20261125T100000Z_000003", inconclusive: "run_20261125T110000Z_000004" };

function attemptsFor(runId: string, failing: (i: number) => boolean): Attempt[] {
  return [ARM_A, ARM_B].flatMap((arm) =>
    Array.from({ length: N }, (_, i) => makeAttempt({ runId, arm: arm.arm, caseId: `case-${String(i).padStart(3, "0")}` }, !failing(i))),
  );
}

async function seedRun(path: string, id: string, tags: string[], failing: (i: number) => boolean, extra: Attempt[] = []): Promise<Run>  {
  const store = await openStore(path);
  const run = makeRun({ id, suiteHash: SUITE.hash, tags, status: "completed", startedAt: `${id.slice(4, 8)}-11-25T${id.slice(13, 15)}:00:00.000Z`, finishedAt: null });
  await store.createRun(run, SUITE, makeCases(N));
  for (const a of [...attemptsFor(id, failing), ...extra]) await store.recordAttempt(a);
  await store.close();
  return run;
}

const db = join(dir, "evalgate.db");
await seedRun(db, IDS.main, ["main"], () => false);
await seedRun(db, IDS.pass, ["pr-pass"], () => false);
await seedRun(db, IDS.fail, ["pr-fail"], (i) => i < 20);
await seedRun(db, IDS.inconclusive, ["pr-maybe"], (i) => i === 0, []);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += chunk.toString()), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += chunk.toString()), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe("evalgate compare", () => {
  it("exits 0 on PASS, prints the verdict first and stores one comparison per common arm", async () => {
    const { code, out } = await cli(["compare", IDS.main, IDS.pass, "--db", db]);
    expect(code).toBe(0);
    expect(out.split("\n")[0]).toBe("verdict: PASS (2 comparisons)");
    const store = await openStore(db);
    const stored = await store.listComparisons(IDS.pass);
    await store.close();
    expect(stored.map((c) => [c.baselineArm, c.candidateArm, c.verdict.status, c.figures.pairedCases])).toEqual([
      [ARM_A.arm, ARM_A.arm, "PASS", N],
      [ARM_B.arm, ARM_B.arm, "PASS", N],
    ]);
  });

  it("exits 1 on FAIL and writes JUnit, Markdown, JSON and the step summary", async () => {
    const [junit, md, json, summary] = ["r.xml", "r.md", "r.json", "summary.md"].map((f) => join(dir, `fail-${f}`)) as [string, string, string, string];
    process.env.GITHUB_STEP_SUMMARY = summary;
    const { code, out } = await cli(["compare", "tag:main", "tag:pr-fail", "--db", db, "--junit", junit, "--markdown", md, "--json", json]);
    expect(code).toBe(1);
    expect(out.split("\n")[0]).toBe("verdict: FAIL (2 comparisons)");
    expect(out).toContain("top regressions (5 of 20)");
    const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
    expect(report).toMatchObject({ verdict: "FAIL", exitCode: 1 });
    expect(report.comparisons[0]?.figures.regressions).toBe(20);
    expect(readFileSync(md, "utf8").split("\n")[0]).toBe("## evalgate: ❌ FAIL");
    expect(readFileSync(summary, "utf8")).toBe(`${readFileSync(md, "utf8")}\n`);
    expect(readFileSync(junit, "utf8")).toMatch(/<testsuite name="gates" [^>]*tests="2" failures="2"/);
    if (spawnSync("xmllint", ["--version"]).status === 0) {
      const lint = spawnSync("xmllint", ["--noout", "--schema", resolve(repoRoot, "vendor/junit/JUnit.xsd"), junit], { encoding: "utf8" });
      expect(lint.status, lint.stderr).toBe(0);
    }
  });

  it("exits 4 when a verdict is INCONCLUSIVE and says what would decide it", async () => {
    const { code, out } = await cli(["compare", IDS.main, IDS.inconclusive, "--db", db, "--arm", `${ARM_A.arm}=${ARM_A.arm}`]);
    expect(code).toBe(4);
    expect(out.split("\n")[0]).toBe("verdict: INCONCLUSIVE (1 comparison)");
    expect(out).toMatch(/\? quality\s+INCONCLUSIVE/);
  });

  it("pairs arms by target id with --arm, and takes a suite compare entry's own gates within one run", async () => {
    const { code, out } = await cli(["compare", IDS.fail, IDS.fail, "--db", db]);
    expect(out).toContain(`${ARM_A.arm} → ${ARM_B.arm} (run ${IDS.fail})`);
    expect(out).toMatch(/✓ errors\s+PASS/);
    expect(out).not.toMatch(/ quality /);
    expect(code).toBe(0);
    const flagged = await cli(["compare", IDS.fail, IDS.fail, "--db", db, "--arm", `${ARM_A.targetId}=${ARM_B.targetId}`]);
    expect(flagged.out).toContain(`${ARM_A.arm} → ${ARM_B.arm}`);
  });

  it("takes a latest baseline as the latest other run of the candidate's suite, never the candidate itself", async () => {
    const { out } = await cli(["compare", "latest", IDS.inconclusive, "--db", db]);
    expect(out).toContain(`${ARM_A.arm} → ${ARM_A.arm} (runs ${IDS.fail} → ${IDS.inconclusive})`);
  });

  it("exits 2 for an unknown RUNREF, a malformed --arm and an arm the run lacks, naming what exists", async () => {
    const unknown = await cli(["compare", "tag:nope", IDS.pass, "--db", db]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("error[RUNREF_NOT_FOUND]");
    const malformed = await cli(["compare", IDS.main, IDS.pass, "--db", db, "--arm", "nothing"]);
    expect([malformed.code, malformed.err]).toEqual([2, expect.stringContaining("--arm takes BASE=CAND")]);
    const missing = await cli(["compare", IDS.main, IDS.pass, "--db", db, "--arm", "x@y=z"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`its arms: ${ARM_A.arm}, ${ARM_B.arm}`);
    const noDb = join(dir, "absent", "evalgate.db");
    expect((await cli(["compare", "latest", "latest", "--db", noDb])).code).toBe(2);
    expect(existsSync(noDb)).toBe(false);
  });
});

describe("evalgate export and run files as RUNREFs", () => {
  const file = join(dir, "main-run.json");

  it("exports a versioned run file without raw payloads, that compare accepts in a fresh database", async () => {
    const exported = await cli(["export", "tag:main", "--db", db, "--out", file]);
    expect(exported.code).toBe(0);
    const parsed = JSON.parse(readFileSync(file, "utf8")) as RunFile;
    expect(parsed).toMatchObject({ format: "evalgate-run", version: 1, run: { id: IDS.main }, suite: { hash: SUITE.hash } });
    expect(parsed.attempts).toHaveLength(2 * N);
    expect(parsed.cases).toHaveLength(N);
    expect(parsed.attempts[0]?.output?.raw).toEqual({ request: null, response: null });
    expect(parsed.comparisons.length).toBeGreaterThan(0);

    const prDb = join(dir, "pr.db");
    await seedRun(prDb, IDS.fail, [], (i) => i < 20);
    const first = await cli(["compare", file, "latest", "--db", prDb]);
    expect(first.code).toBe(1);
    const again = await cli(["compare", file, IDS.fail, "--db", prDb]);
    expect(again.code).toBe(1);
    const store = await openStore(prDb);
    expect((await store.listAttempts(IDS.main, { limit: 1, offset: 0 })).total).toBe(2 * N);
    expect((await store.listRuns()).map((s) => s.run.id).sort()).toEqual([IDS.main, IDS.fail]);
    await store.close();
  });

  it("completes an interrupted import and leaves a complete one unchanged", async () => {
    const { importRunFile, isRunFileRef, readRunFile } = await import("../../src/usecases/index.js");
    const run = readRunFile(file);
    const partialDb = join(dir, "partial.db");
    const store = await openStore(partialDb);
    try {
      await store.createRun(run.run, run.suite, run.cases);
      for (const a of run.attempts.slice(0, 7)) await store.recordAttempt(a);
      expect((await importRunFile(store, run)).id).toBe(IDS.main);
      expect((await store.listAttempts(IDS.main, { limit: 1, offset: 0 })).total).toBe(2 * N);
      await importRunFile(store, run);
      expect((await store.listAttempts(IDS.main, { limit: 1, offset: 0 })).total).toBe(2 * N);
      expect((await store.listComparisons(IDS.main)).map((c) => c.id).sort()).toEqual(run.comparisons.map((c) => c.id).sort());
    } finally {
      await store.close();
    }
    expect([isRunFileRef(file), isRunFileRef("base.json"), isRunFileRef("tag:main"), isRunFileRef(IDS.main), isRunFileRef("latest")]).toEqual([true, true, false, false, false]);
  });

  it("keeps raw payloads with --raw", async () => {
    const raw = join(dir, "raw.json");
    await cli(["export", IDS.pass, "--db", db, "--out", raw, "--raw"]);
    const parsed = JSON.parse(readFileSync(raw, "utf8")) as RunFile;
    expect(parsed.attempts[0]?.output?.raw.request).toMatchObject({ model: "gpt-4o-mini" });
  });

  it("refuses a file that is not a run file, or is from a newer version, with exit 2", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ hello: 1 }));
    const notRun = await cli(["report", bad]);
    expect([notRun.code, notRun.err]).toEqual([2, expect.stringContaining("error[RUN_FILE_INVALID]")]);
    const newer = join(dir, "newer.json");
    writeFileSync(newer, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), version: 99 }));
    expect((await cli(["report", newer])).err).toContain("is run file version 99");
    const missing = await cli(["report", join(dir, "nope.json")]);
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining("error[RUNREF_NOT_FOUND] no run file at")]);
  });
});

describe("evalgate report", () => {
  it("renders a run file without any database, as JSON with per-case rows", async () => {
    const noDb = join(dir, "never", "evalgate.db");
    const { code, out } = await cli(["report", join(dir, "main-run.json"), "--format", "json", "--db", noDb]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as JsonReport;
    expect(report.runs[0]?.cases).toHaveLength(2 * N);
    expect(report.runs[0]?.arms.map((a) => [a.arm, a.attempts, a.passed])).toEqual([[ARM_A.arm, N, N], [ARM_B.arm, N, N]]);
    expect(existsSync(noDb)).toBe(false);
  });

  it("writes each format from the database, HTML and Markdown to files, CSV to stdout", async () => {
    const html = join(dir, "out", "run.html");
    expect((await cli(["report", IDS.fail, "--db", db, "--format", "html", "--out", html])).code).toBe(0);
    expect(readFileSync(html, "utf8")).toContain("<!doctype html>");
    const csv = await cli(["report", IDS.fail, "--db", db, "--format", "csv"]);
    expect(csv.out.trimEnd().split("\r\n")).toHaveLength(1 + 2 * N);
    const md = await cli(["report", IDS.fail, "--db", db, "--format", "md"]);
    expect(md.out).toContain(`### Run \`${IDS.fail}\``);
    expect(md.out).toContain("Cases that did not pass (40)");
  });

  it("exits 2 for an unknown format, listing the known ones", async () => {
    const { code, err } = await cli(["report", IDS.fail, "--db", db, "--format", "pdf"]);
    expect(code).toBe(2);
    expect(err).toContain("known formats: console, json, junit, markdown, csv, html");
  });
});

describe("failing attempts", () => {
  it("an errored candidate case counts as an error in JUnit", async () => {
    const errDb = join(dir, "err.db");
    await seedRun(errDb, IDS.main, [], () => false);
    const store = await openStore(errDb);
    await store.recordAttempt(makeErrorAttempt({ runId: IDS.main, arm: ARM_B.arm, caseId: "case-000" }));
    await store.close();
    const { out } = await cli(["report", IDS.main, "--db", errDb, "--format", "junit"]);
    expect(out).toMatch(/<testsuite name="support@gpt-5-mini-responses" [^>]*tests="30" failures="0" errors="1"/);
  });
});

describe("the real binary", () => {
  it("exits 1 on FAIL and writes HTML to reports/<run-id>.html under the working directory by default", async () => {
    const compare = await runCli(["compare", `tag:main`, IDS.fail, "--db", db]);
    expect([compare.code, compare.stdout.split("\n")[0]], compare.stderr).toEqual([1, "verdict: FAIL (2 comparisons)"]);
    const report = await runCli(["report", IDS.fail, "--db", db, "--format", "html"], { cwd: dir });
    expect(report.code, report.stderr).toBe(0);
    expect(report.stderr).toBe(`wrote ${join("reports", `${IDS.fail}.html`)}\n`);
    expect(readFileSync(join(dir, "reports", `${IDS.fail}.html`), "utf8")).toContain(`<title>support-triage · ${IDS.fail}</title>`);
  });
});
