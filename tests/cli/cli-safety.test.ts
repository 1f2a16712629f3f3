/**
 * The CLI's guard rails, end to end: paths a suite may read, output paths checked before
 * work, a --baseline resolved before anything is sent, SIGTERM handled like Ctrl-C,
 * `resume latest --suite`, per-command help, and the cause when every attempt errors.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { runCli } from "../helpers/cli.js";
import { countLines, scratch, sleep, spawnCli, startSuiteOnSim, storedAttempts, storedRuns, type SimProcess } from "../reliability/harness.js";

const tmp = () => mkdtempSync(join(tmpdir(), "evalgate-safety-"));

function simSuite(dir: string, name: string, extra = "", target = "{ id: t, api: chat, model: gpt-4.1-mini, base_url: sim }"): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}
prompts:
  - { id: p, input: "{{q}}" }
targets:
  - ${target}
cases:
  - { id: c1, vars: { q: one } }
  - { id: c2, vars: { q: two } }
  - { id: c3, vars: { q: three } }
graders:
  - { type: contains, value: "x" }
${extra}
`);
  return file;
}

async function runIds(db: string): Promise<Array<{ id: string; suite: string; status: string }>> {
  const store = await openStore(db, { readonly: true });
  try {
    return (await store.listRuns()).map((s) => ({ id: s.run.id, suite: s.run.suite, status: s.run.status }));
  } finally {
    await store.close();
  }
}

describe("paths a suite names", () => {
  it("refuses file:///proc/self/environ with exit 2, file:line:col and no stack trace", async () => {
    const dir = tmp();
    const suite = simSuite(dir, "proc", "", "{ id: t, api: chat, model: gpt-4.1-mini, base_url: sim }");
    writeFileSync(suite, `${(await import("node:fs")).readFileSync(suite, "utf8").replace('input: "{{q}}"', "input: file:///proc/self/environ")}`);
    const r = await runCli(["validate", suite]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error\[PATH_NOT_ALLOWED\] .*proc\.yaml:3:\d+: file \/proc\/self\/environ is a system path/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("--allow-path admits a folder outside the project root, on validate and run", async () => {
    const dir = tmp();
    mkdirSync(join(dir, "suite"));
    mkdirSync(join(dir, "team-data"));
    writeFileSync(join(dir, "suite/package.json"), "{}");
    writeFileSync(join(dir, "team-data/q.md"), "team prompt\n");
    const suite = simSuite(join(dir, "suite"), "outside");
    writeFileSync(suite, (await import("node:fs")).readFileSync(suite, "utf8").replace('input: "{{q}}"', "input: file://../team-data/q.md"));
    const refused = await runCli(["validate", suite]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--allow-path DIR");
    expect((await runCli(["validate", suite, "--allow-path", join(dir, "team-data")])).code).toBe(0);
    const ran = await runCli(["run", suite, "--db", join(dir, "e.db"), "--allow-path", join(dir, "team-data")]);
    expect(ran.stderr).not.toContain("PATH_NOT_ALLOWED");
    expect(await runIds(join(dir, "e.db"))).toHaveLength(1);
  });
});

describe("output paths and --baseline are checked before anything is sent", () => {
  it("--json /tmp (a folder) exits 2, stores no run and leaves no temp file at /", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const before = readdirSync("/").filter((n) => n.endsWith(".tmp"));
    const r = await runCli(["run", simSuite(dir, "out"), "--db", db, "--json", "/tmp"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[BAD_FLAG] --json /tmp: is a folder, not a file");
    expect(existsSync(db)).toBe(false);
    expect(readdirSync("/").filter((n) => n.endsWith(".tmp"))).toEqual(before);
  });

  it("a --junit path below a file, and report/export --out to a folder, exit 2", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    writeFileSync(join(dir, "plain"), "x");
    const junit = await runCli(["run", simSuite(dir, "out2"), "--db", db, "--junit", join(dir, "plain/r.xml")]);
    expect(junit.code).toBe(2);
    expect(junit.stderr).toContain("is a file, so nothing can be written below it");
    expect(existsSync(db)).toBe(false);
    expect((await runCli(["run", simSuite(dir, "out2"), "--db", db])).code).toBe(0);
    for (const cmd of ["report", "export"]) {
      const r = await runCli([cmd, "latest", "--db", db, "--out", dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--out");
      expect(readdirSync(dir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    }
  });

  it("--baseline nosuchrun exits 2 before the run is created", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const suite = simSuite(dir, "base");
    expect((await runCli(["run", suite, "--db", db])).code).toBe(0);
    const r = await runCli(["run", suite, "--db", db, "--baseline", "nosuchrun"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error[RUNREF_NOT_FOUND]");
    expect(await runIds(db)).toHaveLength(1);
    // With no database at all, too.
    const none = await runCli(["run", suite, "--db", join(dir, "none.db"), "--baseline", "latest"]);
    expect(none.code).toBe(2);
    expect(existsSync(join(dir, "none.db"))).toBe(false);
  });
});

describe("resume latest --suite", () => {
  it("takes the latest run of that suite, named or given as a file, not the latest of all", async () => {
    const dir = tmp();
    const db = join(dir, "e.db");
    const a = simSuite(dir, "suite-a");
    const b = simSuite(dir, "suite-b");
    expect((await runCli(["run", a, "--db", db])).code).toBe(0);
    expect((await runCli(["run", b, "--db", db])).code).toBe(0);
    const idA = (await runIds(db)).find((r) => r.suite === "suite-a")!.id;
    for (const scope of ["suite-a", a]) {
      const r = await runCli(["resume", "latest", "--suite", scope, "--db", db]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`resumed run ${idA}: 3 attempts already stored, 0 run now`);
    }
  });
});

describe("help", () => {
  it("each command's --help shows an example and its exit codes; RUNREF commands show the RUNREF forms", async () => {
    for (const cmd of ["run", "resume", "compare", "report", "export", "validate"]) {
      const r = await runCli([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`$ evalgate ${cmd} `);
      expect(r.stdout).toContain("Exit codes:");
      expect(r.stdout.includes("RUNREF forms:")).toBe(cmd !== "validate");
    }
    expect((await runCli(["run", "--help"])).stdout).toContain("130  interrupted by Ctrl-C or SIGTERM");
  });
});

describe("when every attempt errors", () => {
  it("prints the first error's cause: a closed loopback port is ECONNREFUSED", async () => {
    const dir = tmp();
    // A port that was just free: nothing listens there (port 9 itself is one fetch refuses to dial: "bad port").
    const port = await new Promise<number>((ok) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port: p } = server.address() as AddressInfo;
        server.close(() => ok(p));
      });
    });
    const suite = simSuite(dir, "closed", "", `{ id: t, api: chat, model: gpt-4.1-mini, base_url: "http://127.0.0.1:${port}/v1", max_retries: 0 }`);
    const r = await runCli(["run", suite, "--db", join(dir, "e.db")], { env: { OPENAI_API_KEY: "sk-test" } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/error\[ALL_ATTEMPTS_FAILED\] every attempt of run \S+ errored; \d+ of \d+ attempts? errored: connection: Connection error\.: connect ECONNREFUSED 127\.0\.0\.1:\d+/);
    expect(r.stderr).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    // What it prints is the stored error, masked by the suite's redact patterns like the reports.
    const masked = simSuite(dir, "closed-masked", 'redact: ["ECONNREFUSED"]', `{ id: t, api: chat, model: gpt-4.1-mini, base_url: "http://127.0.0.1:${port}/v1", max_retries: 0 }`);
    const m = await runCli(["run", masked, "--db", join(dir, "m.db")], { env: { OPENAI_API_KEY: "sk-test" } });
    expect(m.code).toBe(3);
    expect(m.stderr).toMatch(/errored; \d+ of \d+ attempts? errored: connection: /);
    expect(m.stderr).toContain(`[redacted] 127.0.0.1:${port}`);
    expect(m.stderr).not.toContain("ECONNREFUSED");
  });
});

describe("SIGTERM", () => {
  const { dir, db, log, env } = scratch("sigterm");
  let sim: SimProcess;
  let suite: string;
  beforeAll(async () => {
    ({ sim, suite } = await startSuiteOnSim({ dir, name: "sigterm", cases: 200, targets: [{ id: "chat", api: "chat" }], sim: "{ seed: 1, answer: { team: \"{{team}}\" }, models: { default: { accuracy: 1, latency: { ttft_ms: 30 } } } }" }, log));
  }, 30_000);
  afterAll(async () => sim?.stop());

  it("marks the run interrupted and exits 130, like Ctrl-C; resume then completes it", async () => {
    const cli = spawnCli(["run", suite, "--db", db, "--concurrency", "4"], env);
    for (let waited = 0; countLines(log) < 20; waited += 5) {
      if (waited > 30_000) throw new Error("the run did not reach 20 requests");
      await sleep(5);
    }
    cli.child.kill("SIGTERM");
    const r = await cli.done;
    expect(r.code).toBe(130);
    const [run] = storedRuns(db);
    expect(run?.status).toBe("interrupted");
    expect(r.stderr).toContain(`continue it: evalgate resume ${run!.id}`);
    const stored = storedAttempts(db).length;
    expect(stored).toBeLessThan(200);
    const resumed = await spawnCli(["resume", run!.id, "--db", db], env).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(storedAttempts(db)).toHaveLength(200);
    expect(storedRuns(db)).toEqual([{ id: run!.id, status: "completed" }]);
  }, 60_000);
});
