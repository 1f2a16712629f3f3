/**
 * What each command loads (docs/design/architecture.md §5): `--help` and every command's
 * registration load commander and a few small files, never a use case, a store, the SDK or
 * a tokenizer; an action loads what it runs. Checked on the modules the real CLI resolves
 * (module hooks; a bundle chunk stands for the modules it holds), not on timings: timings
 * belong to bench/.
 */
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/cli.js";
import { loadedModules, type Loaded } from "../helpers/loaded-modules.js";

const hooks = pathToFileURL(resolve(repoRoot, "tests/helpers/import-log-hooks.mjs")).href;
const registerHooks = `data:text/javascript,import { register } from "node:module"; register(${JSON.stringify(hooks)});`;

/** The packages and the dist/ files (relative to dist/) that `evalgate ARGS` loads. */
function loadedBy(args: string[]): Promise<Loaded> {
  return new Promise((done, fail) => {
    execFile(process.execPath, ["--import", registerHooks, resolve(repoRoot, "bin/evalgate.js"), ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" } }, (error, _stdout, stderr) => {
      if (error && typeof error.code !== "number") return fail(error);
      done(loadedModules(stderr));
    });
  });
}

/** Outside cli/: the small files flags are parsed with (errors, limits, the package root and version, --cache, --shard, .env names). */
const REGISTRATION_FILES = ["core/errors.js", "core/limits.js", "core/package-root.js", "core/version.js", "runner/cache.js", "suite/key-env.js", "usecases/shard.js"];

describe("start-up", () => {
  it.each(["--help", "run --help", "validate --help", "view --help", "sim --help"])("`evalgate %s` loads commander and the commands' flags, nothing else", async (args) => {
    const { packages, files } = await loadedBy(args.split(" "));
    expect(packages).toEqual(["commander"]);
    expect(files.filter((f) => !f.startsWith("cli/"))).toEqual(REGISTRATION_FILES);
    expect(files.filter((f) => f.endsWith("-action.js"))).toEqual([]);
  }, 30_000);

  it("a run's simulator thread spawned from the raw arguments never keeps a process alive that stops before the run (a flag error exits 2)", async () => {
    const code = await new Promise<number | null>((done) => {
      execFile(process.execPath, [resolve(repoRoot, "bin/evalgate.js"), "run", resolve(repoRoot, "evals/demo.yaml"), "--no-such-flag"], { cwd: repoRoot, timeout: 20_000 }, (error) => {
        done(error ? (typeof error.code === "number" ? error.code : null) : 0);
      });
    });
    expect(code).toBe(2);
  }, 30_000);

  it("`evalgate runs` loads the store and no SDK, simulator or tokenizer", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "evalgate-start-up-")), "none.db");
    const { packages, files } = await loadedBy(["runs", "--db", db]);
    expect(files).toContain("cli/commands/runs-action.js");
    expect(packages).toContain("better-sqlite3");
    for (const heavy of ["openai", "fastify", "gpt-tokenizer"]) expect(packages).not.toContain(heavy);
    expect(files.filter((f) => f.startsWith("sim/") || f.startsWith("providers/") || f === "usecases/index.js")).toEqual([]);
  }, 30_000);

  it("`evalgate validate` loads the tokenizer for its exact estimate", async () => {
    const { packages } = await loadedBy(["validate", "evals/demo.yaml"]);
    expect(packages).toContain("gpt-tokenizer");
  }, 30_000);
});

describe("the bin as a program", () => {
  it("runs node with the flags on its first line (a 4 MB young generation a semi-space), as npm's shims and a shell start it", async () => {
    // NODE_OPTIONS splits on spaces: the module is percent-encoded.
    const report = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('EXECARGV ' + JSON.stringify(process.execArgv) + '\\n'));")}`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((done, fail) => {
      execFile(resolve(repoRoot, "bin/evalgate.js"), ["--version"], { cwd: repoRoot, env: { ...process.env, NODE_OPTIONS: `--import=${report}` } }, (error, out, err) => (error ? fail(error) : done({ stdout: out, stderr: err })));
    });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(JSON.parse(/EXECARGV (.*)/.exec(stderr)![1]!)).toContain("--max-semi-space-size=4");
  }, 30_000);
});
