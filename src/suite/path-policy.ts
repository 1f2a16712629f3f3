import { existsSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { EvalgateError, type SourceLocation } from "../core/index.js";
import { displayPath } from "./source.js";

/**
 * Which files a suite may name (docs/trust.md): those below its project root — the nearest
 * folder above the suite holding `package.json`, `.git` or `.evalgate/`, else the working directory —
 * below the suite's own folder, and below each `--allow-path` folder. Paths are compared
 * after symlinks are resolved; `/proc`, `/sys`, `/dev` and non-regular files are refused
 * wherever they are.
 */
export interface PathPolicy {
  /** Allowed folders, symlinks resolved. */
  readonly roots: readonly string[];
  /** The real path of `path` when the suite may read it; a PATH_NOT_ALLOWED error otherwise. */
  check(path: string, at: SourceLocation, what: string): string;
}

const SYSTEM = ["/proc", "/sys", "/dev"];
/** `.evalgate/` is where a project keeps its database; `evalgate init` creates it. */
const MARKERS = ["package.json", ".git", ".evalgate"];

/** The nearest folder at or above `dir` holding package.json, .git or .evalgate; undefined if none. */
export function findProjectRoot(dir: string): string | undefined {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (MARKERS.some((m) => existsSync(join(d, m)))) return d;
    if (dirname(d) === d) return undefined;
  }
}

export function createPathPolicy(suiteDir: string, allowPaths: readonly string[] = [], cwd: string = process.cwd()): PathPolicy {
  const root = findProjectRoot(suiteDir) ?? cwd;
  const roots = [...new Set([root, suiteDir, ...allowPaths.map((p) => resolve(cwd, p))].map(real))];
  return {
    roots,
    check(path, at, what) {
      const target = real(path);
      if (isSystem(target) || isSystem(resolve(path))) throw refused(`${what} ${resolve(path)} is a system path (/proc, /sys, /dev), which a suite may not read`, at, roots);
      if (existsSync(target) && !statSync(target).isFile()) throw refused(`${what} ${displayPath(path)} is not a regular file`, at, roots);
      if (!roots.some((r) => isInside(target, r))) {
        throw refused(`${what} ${displayPath(path)} is outside the suite's project root ${displayPath(root)}`, at, roots, true);
      }
      return target;
    },
  };
}

function refused(message: string, at: SourceLocation, roots: readonly string[], outside = false): EvalgateError {
  return new EvalgateError("PATH_NOT_ALLOWED", message, {
    location: at,
    hint: outside
      ? `a suite reads files below ${roots.map(displayPath).join(", ")}; allow another folder with --allow-path DIR (see docs/trust.md)`
      : "name a regular file; --allow-path DIR allows other folders, never system paths (see docs/trust.md)",
  });
}

/** The real path, or (for a missing file) the real path of its nearest existing parent joined with the rest. */
function real(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(real(parent), abs.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
  }
}

function isSystem(path: string): boolean {
  return SYSTEM.some((s) => path === s || path.startsWith(`${s}/`));
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
