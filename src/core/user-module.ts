import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

/**
 * Loads user modules — a `javascript` grader's, a tool's implementation — once each, and says
 * where their errors come from.
 *
 * The import is Node's own, not a bundler's rewrite of it (a test runner transforms
 * `import()` in our code), so a module behaves — and its errors read — the same under the
 * tests as in the CLI. `new Function` reaches Node's loader in a plain process; where the
 * code runs inside a vm context without an import callback (vitest), the main context's
 * default loader is borrowed through `vm`.
 */
type Importer = (url: string) => Promise<Record<string, unknown>>;
let importer = new Function("url", "return import(url)") as Importer;

async function nativeImport(url: string): Promise<Record<string, unknown>> {
  try {
    return await importer(url);
  } catch (e) {
    if ((e as { code?: unknown }).code !== "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING") throw e;
    importer = mainContextImporter();
    return importer(url);
  }
}

function mainContextImporter(): Importer {
  const loader = (vm.constants as Record<string, unknown> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (typeof loader !== "symbol") return (url) => import(url) as Promise<Record<string, unknown>>;
  const options = { importModuleDynamically: loader } as unknown as vm.ScriptOptions;
  return new vm.Script("(url) => import(url)", options).runInThisContext() as Importer;
}

const modules = new Map<string, Promise<Record<string, unknown>>>();

export class UserModuleError extends Error {}

/**
 * The module's namespace, imported once per path (a failed import is cached too). `what`
 * names the module in errors ("javascript grader module", "tool module").
 */
export function loadUserModule(modulePath: string, what = "javascript grader module"): Promise<Record<string, unknown>> {
  const file = resolve(modulePath);
  let loading = modules.get(file);
  if (!loading) {
    loading = importModule(file, what);
    modules.set(file, loading);
  }
  return loading;
}

async function importModule(file: string, what: string): Promise<Record<string, unknown>> {
  if (!existsSync(file)) throw new UserModuleError(`${what} ${displayPath(file)} not found`);
  try {
    return await nativeImport(pathToFileURL(file).href);
  } catch (e) {
    // A module that does not parse has no stack frame of its own; one that throws on load has.
    const where = errorLocation(e, file) ?? (e instanceof SyntaxError ? await syntaxErrorLocation(file) : null);
    const at = where ?? displayPath(file);
    throw new UserModuleError(`${what} ${at} failed to load: ${errorText(e)}`);
  }
}

/** `src/graders/fixtures/x.mjs` for a file under the working directory, else the absolute path. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
}

export function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

const FRAME = /(?:\(|^at )((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?$/;

/**
 * `file:line:col` of the innermost stack frame in the grader's module, else of the
 * innermost frame outside Node's internals (a helper the module imports); null if none.
 */
export function errorLocation(e: unknown, moduleFile: string): string | null {
  const stack = e instanceof Error && typeof e.stack === "string" ? e.stack : "";
  const frames: Array<{ file: string; line: string; col: string }> = [];
  for (const line of stack.split("\n").slice(1)) {
    const m = FRAME.exec(line.trim());
    if (!m || m[1] === undefined) continue;
    const file = m[1].startsWith("file://") ? fileURLToPath(m[1]) : m[1];
    frames.push({ file, line: m[2] ?? "?", col: m[3] ?? "?" });
  }
  const own = frames.find((f) => resolve(f.file) === moduleFile) ?? frames.find((f) => !f.file.includes("node_modules"));
  return own ? `${displayPath(own.file)}:${own.line}:${own.col}` : null;
}

/**
 * Node reports an ES module's syntax error without its location (only the uncaught-error
 * printer shows it), so the file is checked with `node --check`, whose first line is
 * `FILE:LINE`. Runs once per broken module.
 */
function syntaxErrorLocation(file: string): Promise<string | null> {
  return new Promise((done) => {
    execFile(process.execPath, ["--check", file], { timeout: 10_000 }, (_error, _stdout, stderr) => {
      const m = /^(.+):(\d+)\s*$/m.exec(String(stderr));
      done(m?.[2] ? `${displayPath(file)}:${m[2]}` : null);
    });
  });
}

/** A user function's result did not come within its `timeout_ms`. */
export class TimeoutError extends Error {}

/** The promise, or a TimeoutError after `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A user function gets copies: it must not change what evalgate stores (outputs, vars, arguments). */
export function copyForUser<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    return JSON.parse(JSON.stringify(value)) as T;
  }
}
