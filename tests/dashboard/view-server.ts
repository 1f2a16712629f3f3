/** Starts `evalgate view` (the built CLI) in a child process on a free port and reads its URL. */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { repoRoot } from "../helpers/cli.js";

export interface ViewServer {
  /** Origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The URL `evalgate view` printed (with ?token= when it has one). */
  printedUrl: string;
  stop(): Promise<void>;
}

export function assertBuilt(): void {
  for (const f of ["dist/bundle/main.js", "dashboard/dist/index.html"]) {
    if (!existsSync(resolve(repoRoot, f))) throw new Error(`${f} is missing: run \`npm run build\` first`);
  }
}

export function startView(args: string[], env: Record<string, string> = {}): Promise<ViewServer> {
  assertBuilt();
  const child = spawn(process.execPath, [resolve(repoRoot, "bin/evalgate.js"), "view", "--port", "0", ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolvePromise, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error(`evalgate view printed no URL in 15 s\n${out}${err}`)), 15_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(e);
    };
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => fail(new Error(`evalgate view exited with ${code}\n${out}${err}`)));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+)(\S*)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolvePromise({ origin: m[1] as string, printedUrl: `${m[1]}${m[2]}`, stop: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((r) => {
    child.once("exit", () => r());
    child.kill("SIGTERM");
  });
}
