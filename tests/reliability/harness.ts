/**
 * Reliability tests drive the real CLI (`bin/evalgate.js` over dist/) against the simulator
 * in its own process (`evalgate sim --suite FILE --log FILE`), as a user would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { repoRoot } from "../helpers/cli.js";

export const bin = resolve(repoRoot, "bin/evalgate.js");
export const tmp = (label: string) => mkdtempSync(join(tmpdir(), `evalgate-${label}-`));
const TEAMS = ["billing", "shipping", "technical"];

export interface TargetSpec {
  id: string;
  api: "chat" | "responses";
  model?: string;
  extra?: string;
}

export interface SuiteSpec {
  dir: string;
  name: string;
  cases: number;
  targets: TargetSpec[];
  /** The env var holding the targets' key (default EVALGATE_TEST_KEY). */
  keyEnv?: string;
  /** The suite's `sim:` value, as YAML flow text. */
  sim: string;
  extra?: string;
}

/** Writes the dataset and the suite with its targets at `baseUrl`; returns the suite path. */
export function writeSuite(spec: SuiteSpec, baseUrl: string): string {
  const rows = Array.from({ length: spec.cases }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { ticket: `ticket ${i}: please route me`, team: TEAMS[i % 3] } }));
  writeFileSync(join(spec.dir, `${spec.name}.jsonl`), `${rows.join("\n")}\n`);
  const target = (t: TargetSpec) =>
    `  - { id: ${t.id}, api: ${t.api}, model: ${t.model ?? "gpt-4.1-mini"}, base_url: "${baseUrl}", api_key_env: ${spec.keyEnv ?? "EVALGATE_TEST_KEY"}, params: { max_output_tokens: 32 }${t.extra ? `, ${t.extra}` : ""} }`;
  const text = [
    `name: ${spec.name}`,
    "prompts:",
    "  - id: p",
    '    input: "{{ticket}}"',
    "    output: { name: t, schema: { type: object, additionalProperties: false, required: [team], properties: { team: { type: string } } } }",
    "targets:",
    ...spec.targets.map(target),
    `dataset: ${spec.name}.jsonl`,
    "graders:",
    '  - { type: equals, path: $.team, value: "{{team}}" }',
    `sim: ${spec.sim}`,
    spec.extra ?? "",
  ].join("\n");
  const file = join(spec.dir, `${spec.name}.yaml`);
  writeFileSync(file, `${text}\n`);
  return file;
}

/** A test file's scratch folder, database, simulator log and API key variable. */
export function scratch(label: string) {
  const dir = tmp(label);
  return { dir, db: join(dir, "e.db"), log: join(dir, "sim.jsonl"), env: { EVALGATE_TEST_KEY: `sk-test-${label}` } };
}

/**
 * Starts a standalone simulator answering the suite's cases (it reads them from a copy
 * whose targets point nowhere), then writes the suite again with its targets on it.
 */
export async function startSuiteOnSim(spec: SuiteSpec, logFile: string, simArgs: string[] = []): Promise<{ sim: SimProcess; suite: string }> {
  const sim = await startSim(writeSuite(spec, "http://127.0.0.1:1/v1"), logFile, simArgs);
  return { sim, suite: writeSuite(spec, sim.url) };
}

export interface SimProcess {
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** `evalgate sim --port 0 --suite FILE --log FILE` in its own process. */
export async function startSim(suiteFile: string, logFile: string, extraArgs: string[] = []): Promise<SimProcess> {
  return startSimWith(["--suite", suiteFile, "--log", logFile, ...extraArgs]);
}

/** `evalgate sim --port 0 ARGS` in a process of its own, once it says where it listens. */
export async function startSimWith(args: string[]): Promise<SimProcess> {
  const child = spawn(process.execPath, [bin, "sim", "--port", "0", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`simulator did not start: ${out}`)), 20_000);
    child.stdout.on("data", () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on("exit", (code) => fail(new Error(`simulator exited ${code}: ${out}`)));
  });
  return {
    url,
    output: () => out,
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.on("exit", () => done());
    child.kill("SIGINT");
  });
}

export interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** The CLI in a child process, not awaited, so a test can kill it. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, cwd: string = repoRoot): CliRun {
  if (!existsSync(resolve(repoRoot, "dist/bundle/main.js"))) throw new Error("dist/bundle/ is missing: run `npm run build` first");
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", CI: "true", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((ok) =>
    child.on("close", (code, signal) => ok({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

/** One line of the simulator's request log (docs/simulator.md `--log`). */
export interface LogEntry {
  ts: string;
  seq: number;
  method: string;
  url: string;
  attempt: string | null;
  body?: { metadata?: { chunk?: string } };
}

/** The `POST /v1/batches` a simulator's log holds: one per batch created. */
export const batchesCreated = (entries: readonly LogEntry[]): LogEntry[] => entries.filter((e) => e.method === "POST" && e.url === "/v1/batches");

export function readLog(file: string): LogEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as LogEntry);
}

export function countLines(file: string): number {
  if (!existsSync(file)) return 0;
  let n = 0;
  for (const ch of readFileSync(file, "utf8")) if (ch === "\n") n++;
  return n;
}

/** Which arm a logged request belongs to: its endpoint names the API (one target per API). */
export function logKey(e: LogEntry): string {
  return `${e.attempt}@${e.url.includes("/responses") ? "resp" : "chat"}`;
}

export interface StoredAttemptRow {
  case_id: string;
  arm: string;
  repeat: number;
  status: string;
  tries: number;
  cost_usd: number | null;
  error_kind: string | null;
  error_json: string | null;
  pass: number | null;
}

/** The attempts rows of the database, read with a plain SQLite connection. */
export function storedAttempts(db: string): StoredAttemptRow[] {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare("SELECT case_id, arm, repeat, status, tries, cost_usd, error_kind, error_json, pass FROM attempts").all() as StoredAttemptRow[];
  } finally {
    conn.close();
  }
}

export function storedRuns(db: string): Array<{ id: string; status: string }> {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare("SELECT id, status FROM runs ORDER BY started_at").all() as Array<{ id: string; status: string }>;
  } finally {
    conn.close();
  }
}

/** The log key of a stored attempt: `CASE/REPEAT@target`. */
export function rowKey(r: StoredAttemptRow): string {
  return `${r.case_id}/${r.repeat}@${r.arm.split("@")[1]}`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
