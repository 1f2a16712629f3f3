import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../helpers/cli.js";

/** `--reporter name[=file]` on run, compare and resume: built-ins by name, a user's own by module path. */
const dir = mkdtempSync(join(tmpdir(), "evalgate-reporters-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const suite = join(repoRoot, "tests/fixtures/run/triage.yaml");

const MINE = `export default (options) => ({
  format: "verdicts",
  extension: "txt",
  render(input) {
    const arms = input.runs.flatMap((r) => r.arms.map((a) => a.arm + " " + a.attempts + " " + a.passRate.estimate));
    const verdicts = input.comparisons.map((c) => c.baselineArm + " -> " + c.candidateArm + ": " + c.verdict.status);
    return [...arms, ...verdicts, "top " + (options.topRegressions ?? "default")].join("\\n");
  },
});
`;

describe("--reporter", () => {
  it("writes built-ins and a user's module reporter to their files, and prints one without a file", async () => {
    const mine = join(dir, "mine.js");
    writeFileSync(mine, MINE);
    const db = join(dir, "a.db");
    const r = await runCli(["run", suite, "--db", db, "--reporter", `junit=${join(dir, "out", "j.xml")}`, "--reporter", `${mine}=${join(dir, "out", "mine.txt")}`, "--reporter", "csv"]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, "out", "j.xml"), "utf8")).toMatch(/^<\?xml/);
    const custom = readFileSync(join(dir, "out", "mine.txt"), "utf8").split("\n");
    expect(custom).toEqual(["triage@chat 120 1", "triage@resp 120 1", "top default"]);
    // csv without a file: printed on stdout after the run's summary.
    expect(r.stdout).toMatch(/^run_id,suite,arm,/m);

    const cmp = await runCli(["compare", "latest", "latest", "--db", db, "--arm", "chat=resp", "--reporter", `${mine}=${join(dir, "out", "cmp.txt")}`, "--top", "3"]);
    expect(cmp.code).toBe(0);
    expect(readFileSync(join(dir, "out", "cmp.txt"), "utf8")).toContain("triage@chat -> triage@resp: PASS");
    expect(readFileSync(join(dir, "out", "cmp.txt"), "utf8")).toContain("top 3");
  });

  it("an unknown name, a missing module or a module that is no reporter exits 2 before anything is run or stored", async () => {
    const db = join(dir, "never.db");
    const unknown = await runCli(["run", suite, "--db", db, "--reporter", "pdf=out.pdf"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("error[BAD_FLAG] --reporter pdf: no such reporter");
    expect(unknown.stderr).toMatch(/built-ins: console, json, junit, markdown, csv, html/);
    const missing = await runCli(["run", suite, "--db", db, "--reporter", "./nowhere/r.js"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no module at");
    const notOne = join(dir, "not-a-reporter.js");
    writeFileSync(notOne, "export default 42;\n");
    const bad = await runCli(["run", suite, "--db", db, "--reporter", notOne]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("its default export is not a reporter");
    const syntax = await runCli(["run", suite, "--db", db, "--reporter", "json="]);
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toContain("--reporter takes NAME or NAME=FILE");
    for (const r of [unknown, missing, bad, syntax]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(db)).toBe(false);
  });
});
