import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { EvalgateError } from "../core/errors.js";

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Refuses an output path (`--json`, `--junit`, `--markdown`, `--out`) that cannot be
 * written — a folder, a path below a file, a read-only place — before any work is done
 * (exit 2), so a paid run never ends on a write error or a stray temp file.
 */
export function checkOutputPath(flag: string, path: string | undefined): void {
  if (path === undefined) return;
  const abs = resolve(path);
  const bad = (why: string, hint = `give ${flag} a file path, e.g. ${flag} reports/out.${flag === "--junit" ? "xml" : flag === "--markdown" ? "md" : "json"}`) =>
    new EvalgateError("BAD_FLAG", `${flag} ${path}: ${why}`, { hint });
  if (/[\\/]$/.test(path) || isDirectory(abs)) throw bad("is a folder, not a file");
  let dir = dirname(abs);
  while (!exists(dir)) dir = dirname(dir);
  if (!isDirectory(dir)) throw bad(`${dir} is a file, so nothing can be written below it`);
  try {
    accessSync(dir, constants.W_OK);
    if (exists(abs)) accessSync(abs, constants.W_OK);
  } catch {
    throw bad("is not writable", "choose a path in a folder you can write to");
  }
}

/** Each output flag a command was given, checked by `checkOutputPath`. */
export function checkOutputPaths(flags: Partial<Record<"json" | "junit" | "markdown" | "out", string | unknown>>): void {
  for (const name of ["json", "junit", "markdown", "out"] as const) {
    const value = flags[name];
    if (typeof value === "string") checkOutputPath(`--${name}`, value);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
