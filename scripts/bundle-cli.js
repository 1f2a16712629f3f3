// Bundles the CLI (dist/cli/main.js) and the simulator's worker thread (dist/sim/worker.js)
// from tsc's output into dist/bundle/, which bin/evalgate.js runs. Node's ES module loader
// spends most of a cold start resolving, reading and linking files one by one (~600 of them
// for `evalgate run`); a few chunks load in a third of the time (docs/design/performance.md,
// "Start-up"). Commands still load lazily: each `import()` is a chunk of its own.
// dist/ itself stays unbundled: it is the library (`import … from "evalgate"`) and what
// the tests import.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "rolldown";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist/bundle");

/**
 * gpt-tokenizer ships o200k_base's 200,000 ranks as a 2.4 MB array literal, which V8 parses
 * two to three times slower than the same array as JSON, and JSON five times slower than a
 * split: the simulator's thread waits on it before it can answer (docs/design/performance.md,
 * "Start-up"). In the bundle the encoding is built from the same ranks, written here as a
 * rank file beside the chunks (src/sim/rank-file.ts), by the package's own GptEncoding, on
 * first use; tests/sim/bundled-tokenizer.test.ts holds its counts to the package's.
 */
const O200K = "gpt-tokenizer/encoding/o200k_base";
const O200K_RANKS = "o200k_base.ranks";
const RANK_FILE = join(root, "dist/sim/rank-file.js");
const o200kFromRankFile = {
  name: "o200k-from-rank-file",
  resolveId: (id) => (id === O200K ? `\0${O200K}` : null),
  load: (id) =>
    id === `\0${O200K}`
      ? [
          'import { readFileSync } from "node:fs";',
          'import { readFile } from "node:fs/promises";',
          'import { GptEncoding } from "gpt-tokenizer/esm/GptEncoding";',
          `import { decodeRanks } from ${JSON.stringify(RANK_FILE)};`,
          // Built on first use, not when the chunk loads: the simulator's thread says it is
          // listening first and builds it while the run creates its run (src/sim/worker.ts).
          // Its ranks can be read and split ahead (preloadRanks), while the thread waits for its config.
          `const RANKS = new URL("./${O200K_RANKS}", import.meta.url);`,
          "let api;",
          "let ranks;",
          "export const preloadRanks = async () => { const text = await readFile(RANKS, \"utf8\"); ranks ??= decodeRanks(text); };",
          'const encoding = () => (api ??= GptEncoding.getEncodingApi("o200k_base", () => ranks ?? decodeRanks(readFileSync(RANKS, "utf8"))));',
          "export const countTokens = (...args) => encoding().countTokens(...args);",
          "export const decode = (...args) => encoding().decode(...args);",
          "export const encode = (...args) => encoding().encode(...args);",
        ].join("\n")
      : null,
};

/**
 * gpt-tokenizer's BytePairEncodingCore counts its ranks with `Object.keys(ranks).length`,
 * which makes 200,000 index strings to count a dense array (~25 ms on the simulator's
 * thread before it can answer). In the bundle it counts the indices present instead: the
 * same number for any array, holes included. The build fails if the line is not there.
 */
const RANK_COUNT_FROM = "this.mergeableBytePairRankCount = Object.keys(bytePairRankDecoder).length;";
const RANK_COUNT_TO =
  "this.mergeableBytePairRankCount = Array.isArray(bytePairRankDecoder) ? ((a) => { let n = 0; for (let i = 0; i < a.length; i++) if (i in a) n++; return n; })(bytePairRankDecoder) : Object.keys(bytePairRankDecoder).length;";
const countRanksWithoutKeys = {
  name: "count-ranks-without-keys",
  transform(code, id) {
    if (!id.endsWith("/gpt-tokenizer/esm/BytePairEncodingCore.js")) return null;
    if (!code.includes(RANK_COUNT_FROM)) throw new Error(`${id}: the rank count line changed; update scripts/bundle-cli.js countRanksWithoutKeys`);
    return { code: code.replace(RANK_COUNT_FROM, RANK_COUNT_TO), map: null };
  },
};

/**
 * Fastify's default schema compilers (ajv, fast-json-stringify: ~600 KB of the ~1.8 MB the
 * simulator's thread loads) are never called: every evalgate server passes its own
 * compilersFactory (src/core/no-schema-compilers.ts), and Fastify requires the defaults only
 * when none is given. In the bundle they are a module that says so if it is ever required.
 */
const FASTIFY_COMPILERS = ["@fastify/ajv-compiler", "@fastify/fast-json-stringify-compiler"];
const noFastifyCompilers = {
  name: "no-fastify-compilers",
  resolveId: (id) => (FASTIFY_COMPILERS.includes(id) ? `\0${id}` : null),
  load: (id) =>
    FASTIFY_COMPILERS.some((c) => id === `\0${c}`)
      ? `module.exports = function () { throw new Error("${id.slice(1)} is left out of evalgate's bundle: pass schemaController.compilersFactory (src/core/no-schema-compilers.ts)"); };`
      : null,
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const { default: ranks } = await import("gpt-tokenizer/esm/bpeRanks/o200k_base");
const { encodeRanks } = await import(pathToFileURL(RANK_FILE).href);
writeFileSync(join(out, O200K_RANKS), encodeRanks(ranks));
const { output } = await build({
  cwd: root,
  // early-simulator is an entry of its own: bin/evalgate.js loads it before main (a run's
  // simulator thread starts first), and main's lazy import of it is the same module.
  input: { main: "dist/cli/main.js", worker: "dist/sim/worker.js", "early-simulator": "dist/cli/early-simulator.js" },
  platform: "node",
  // Native addons and the Postgres driver (loaded only for a postgres:// store) stay packages.
  external: [/^better-sqlite3(\/|$)/, /^pg(\/|$)/, /^pg-[a-z-]+(\/|$)/],
  plugins: [o200kFromRankFile, countRanksWithoutKeys, noFastifyCompilers],
  logLevel: "warn",
  output: {
    dir: out,
    format: "esm",
    // The worker keeps its name: src/sim/start-worker.ts loads "./worker.js" beside itself.
    entryFileNames: "[name].js",
    chunkFileNames: "[name]-[hash].js",
    sourcemap: true,
  },
});

// Which modules each chunk holds (paths relative to the package, a dependency's from its
// node_modules/ on, wherever that folder is): what tests/cli/start-up reads to tell what a
// command loaded, now that a chunk is what the loader sees. Virtual modules are left out.
const packagePath = (id) => {
  const at = id.lastIndexOf("/node_modules/");
  if (at >= 0) return [id.slice(at + 1)];
  return id.startsWith(`${root}/`) ? [relative(root, id)] : [];
};
const modules = {};
for (const chunk of output) {
  if (chunk.type === "chunk") modules[chunk.fileName] = chunk.moduleIds.flatMap(packagePath).sort();
}
writeFileSync(join(out, "modules.json"), `${JSON.stringify(modules, null, 1)}\n`);
