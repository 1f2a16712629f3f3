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
 * gpt-tokenizer ships o200k_base's 200,000 ranks as a 2.4 MB array literal, and builds its
 * tokenizer from them by putting each string in a Map: ~150 ms, with parsing, on the
 * simulator's thread before it can answer (docs/design/performance.md, "Start-up"). In the
 * bundle the same ranks are a rank file beside the chunks (src/sim/rank-file.ts): one
 * string and a hash table built in ~10 ms, which the package's own GptEncoding and
 * BytePairEncodingCore read in place of their Map and arrays (the patch below), on first
 * use. tests/sim/bundled-tokenizer.test.ts holds its encoding to the package's;
 * src/sim/rank-file.test.ts every rank.
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
          'import { GptEncoding } from "gpt-tokenizer/esm/GptEncoding";',
          `import { RankTable } from ${JSON.stringify(RANK_FILE)};`,
          // Built on first use, not when the chunk loads (src/sim/worker.ts builds it while it waits for its config).
          "let api;",
          `const encoding = () => (api ??= GptEncoding.getEncodingApi("o200k_base", () => new RankTable(readFileSync(new URL("./${O200K_RANKS}", import.meta.url)))));`,
          "export const countTokens = (...args) => encoding().countTokens(...args);",
          "export const decode = (...args) => encoding().decode(...args);",
          "export const encode = (...args) => encoding().encode(...args);",
        ].join("\n")
      : null,
};

/**
 * BytePairEncodingCore takes a RankTable (src/sim/rank-file.ts) for its ranks: its own loop
 * over them is given an empty list, and the table's lookups stand for the Map and arrays it
 * would have built. Any other ranks (an array) take the package's own path. The build fails
 * if the lines it hooks are not there (a new gpt-tokenizer).
 */
const CORE_CONSTRUCTOR = "constructor({ bytePairRankDecoder, specialTokensEncoder, tokenSplitRegex, mergeCacheSize = DEFAULT_MERGE_CACHE_SIZE }) {";
const CORE_SORTED = "this.bytePairNonUtfSortedEncoder = binaryLookup.sort((a, b) => compareUint8Arrays(a[0], b[0]));";
const coreReadsRankTable = {
  name: "core-reads-rank-table",
  transform(code, id) {
    if (!id.endsWith("/gpt-tokenizer/esm/BytePairEncodingCore.js")) return null;
    for (const line of [CORE_CONSTRUCTOR, CORE_SORTED]) {
      if (!code.includes(line)) throw new Error(`${id}: "${line}" is not there; update scripts/bundle-cli.js coreReadsRankTable`);
    }
    return {
      code: code
        .replace(CORE_CONSTRUCTOR, `${CORE_CONSTRUCTOR}\n\t\tconst rankTable = bytePairRankDecoder?.evalgateRankTable;\n\t\tif (rankTable) bytePairRankDecoder = [];`)
        .replace(
          CORE_SORTED,
          `${CORE_SORTED}\n\t\tif (rankTable) { this.bytePairRankDecoder = rankTable.decoder; this.bytePairStringRankEncoder = rankTable.encoder; this.mergeableBytePairRankCount = rankTable.length; this.bytePairNonUtfRankDecoder = rankTable.nonUtfDecoder; this.bytePairNonUtfSortedEncoder = rankTable.nonUtfSorted; }`,
        ),
      map: null,
    };
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
  plugins: [o200kFromRankFile, coreReadsRankTable, noFastifyCompilers],
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
