// What the process benchmarks share: the simulator in a process of its own, and a command
// timed as a process under GNU time (wall from spawn to exit, the child's CPU, peak RSS).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
export const evalgateBin = join(root, "bin/evalgate.js");

/**
 * The node flags on the bin's first line (`#!/usr/bin/env -S node --flag`): what `evalgate`
 * runs with when a user runs it (npm's shims pass them on), given to this node when a
 * benchmark starts the bin, so it times the CLI as users run it.
 */
export const binNodeFlags = readFileSync(evalgateBin, "utf8").split("\n", 1)[0].replace(/^#!\S*env\s+(-S\s+)?node\s*/, "").split(/\s+/).filter(Boolean);

/** `node` arguments that start a script: the bin with its flags, anything else as it is. */
export function nodeArgs(args) {
  return args[0] === evalgateBin ? [...binNodeFlags, ...args] : args;
}
export const GNU_TIME = "/usr/bin/time";

/** GNU time reads the rusage wait4 returns for a child: its CPU (with the children it reaped) and peak RSS. */
export function requireGnuTime() {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed to read a child's CPU and peak RSS: install the "time" package`);
}

/** The simulator in its own process, answering the suite's cases (`evalgate sim --suite`). */
export async function startSimProcess(suiteFile) {
  const child = spawn(process.execPath, nodeArgs([evalgateBin, "sim", "--port", "0", "--suite", suiteFile]), { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return { url, pid: child.pid, stop: () => child.kill("SIGINT") };
}

/**
 * Runs `node ARGS` under GNU time. `onStderr(text, msSinceSpawn)` sees the child's standard
 * error as it arrives (to time a line). Returns wall seconds, CPU seconds, peak RSS in MB, and
 * the wall clock at the spawn (ms since the epoch, to set beside the times a run stores).
 */
export async function timeProcess(label, args, { cwd, env, timeFile, onStderr }) {
  const spawnedAtMs = Date.now();
  const started = performance.now();
  const code = await new Promise((resolve, reject) => {
    const child = spawn(GNU_TIME, ["-o", timeFile, "-f", "%U %S %M", process.execPath, ...nodeArgs(args)], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
      onStderr?.(String(d), performance.now() - started);
    });
    child.on("error", reject);
    child.on("exit", (exitCode) => {
      if (exitCode !== 0) process.stderr.write(`${label} exited ${exitCode}:\n${stderr}`);
      resolve(exitCode);
    });
  });
  const wallS = (performance.now() - started) / 1000;
  // GNU time writes "Command exited with non-zero status N" above the figures when it fails.
  const [user, sys, maxRssKb] = readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number);
  return { label, code, wallS, cpuS: user + sys, rssMb: maxRssKb / 1024, spawnedAtMs };
}

/** "OK" or "MISSED", beside a figure and its target. */
export const mark = (ok) => (ok ? "OK" : "MISSED");

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
