import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/report/index.js";
import { runCli } from "../helpers/cli.js";
import { startView } from "../dashboard/view-server.js";

/**
 * run → compare → view against a real Postgres server (EVALGATE_TEST_POSTGRES_URL, set by
 * .ci/run): the fixture suite twice into one shared database, a comparison of the two runs,
 * and the dashboard's API reading them. The password of a URL is never printed.
 */
const url = process.env.EVALGATE_TEST_POSTGRES_URL;

describe.skipIf(!url)("the Postgres team store, end to end", () => {
  const db = `${url}${url?.includes("?") ? "&" : "?"}schema=e2e_${process.pid}`;
  const suite = "tests/dashboard/fixtures/triage.yaml";

  it("runs twice into one database, compares the runs from another process, and serves them to the dashboard", async () => {
    for (const tag of ["main", "pr-1"]) {
      const r = await runCli(["run", suite, "--tag", tag, "--db", db], { timeoutMs: 120_000 });
      expect(r.stderr).not.toContain("error[");
      expect(r.code).toBe(1); // the fixture's candidate arm fails its quality gate
    }
    const json = join(mkdtempSync(join(tmpdir(), "evalgate-pg-e2e-")), "compare.json");
    const compared = await runCli(["compare", "tag:main", "tag:pr-1", "--db", db, "--reporter", `json=${json}`]);
    expect(compared.stderr).not.toContain("error[");
    const report = JSON.parse(readFileSync(json, "utf8")) as JsonReport;
    expect(report.comparisons.map((c) => c.baselineArm === c.candidateArm)).toEqual([true, true]);
    // The same runs, arms and seeds: identical simulated outputs, so each arm agrees with itself.
    for (const c of report.comparisons) expect(c.figures).toMatchObject({ regressions: 0, fixes: 0 });
    const runs = await runCli(["runs", "--db", db, "--json"]);
    const listed = JSON.parse(runs.stdout) as Array<{ run: { id: string; tags: string[] } }>;
    expect(listed.map((r) => r.run.tags[0])).toEqual(["pr-1", "main"]);
    const view = await startView(["--db", db]);
    try {
      const api = (await (await fetch(`${view.origin}/api/runs`)).json()) as { runs: Array<{ run: { id: string } }> };
      expect(api.runs.map((r) => r.run.id)).toEqual(listed.map((r) => r.run.id));
    } finally {
      await view.stop();
    }
  }, 300_000);

  it("masks the password of a URL it cannot reach, and exits 3", async () => {
    const r = await runCli(["runs", "--db", "postgres://evalgate:s3cret-pw@127.0.0.1:1/none"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("postgres://evalgate:***@127.0.0.1:1/none");
    expect(r.stderr + r.stdout).not.toContain("s3cret-pw");
  });
});
