/**
 * The CLI's bundle builds o200k_base from the package's ranks written as a rank file
 * (scripts/bundle-cli.js, src/sim/rank-file.ts); the sources use the package's own module. A standalone
 * `evalgate sim` (the bundle) must count every text as the sources do: ASCII, accents,
 * CJK, emoji, byte-level tokens, code and a long text.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import Database from "better-sqlite3";
import { countTokens } from "../../src/sim/tokens.js";
import { repoRoot, runCli } from "../helpers/cli.js";
import { startSim, type SimProcess } from "../reliability/harness.js";
import { postJson } from "./sim-client.js";

const dir = mkdtempSync(join(tmpdir(), "bundled-tokenizer-"));
let sim: SimProcess;

beforeAll(async () => {
  writeFileSync(join(dir, "sim.yaml"), [
    "name: tokens", "prompts:", '  - { id: p, input: "a case" }', "targets:", "  - { id: t, api: chat, model: gpt-4.1-mini }",
    "cases:", "  - { id: c1, vars: {} }", "graders:", '  - { type: contains, value: "x" }', "sim: { seed: 1 }", "",
  ].join("\n"));
  sim = await startSim(join(dir, "sim.yaml"), join(dir, "log.jsonl"));
}, 30_000);
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const TEXTS = [
  "Where is my order ORD-1234? It was due on Tuesday.",
  "Ça coûte 12,50 € — déjà payé, merci ! Größe: XL; naïve façade.",
  "我的包裹在哪里？请尽快回复。注文番号は１２３４です。주문이 늦어요.",
  "Shipping 📦🚚 delayed again 😡🔥 — ✈️ next?",
  "\u0000\u0007\u001b[31m control \uFFFD replacement \u200B zero width \uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08",
  "function route(t) { return t.match(/refund|invoice/i) ? 'billing' : 'shipping'; }\n\t// ok",
  "lorem ipsum dolor sit amet, consectetur adipiscing elit ".repeat(120),
];

test("the bundle's tokenizer counts every text as the package's does", async () => {
  for (const text of TEXTS) {
    const reply = await postJson(sim.url, "/chat/completions", { model: "gpt-4.1-mini", messages: [{ role: "user", content: text }] });
    expect(reply.status).toBe(200);
    // The simulator's transcript of one user message (src/sim/sim-request.ts transcriptParts).
    expect(JSON.parse(reply.text).usage.prompt_tokens, text.slice(0, 40)).toBe(countTokens(`<|user|>\n${text}\n`));
  }
}, 30_000);

test("the bundle holds o200k's ranks as a rank file, not the package's array literal", () => {
  const modules = Object.values(JSON.parse(readFileSync(join(repoRoot, "dist/bundle/modules.json"), "utf8")) as Record<string, string[]>).flat();
  expect(modules.filter((m) => m.includes("bpeRanks/o200k_base"))).toEqual([]);
  expect(existsSync(join(repoRoot, "dist/bundle/o200k_base.ranks"))).toBe(true);
});

test("a run's simulator thread counts as the package does", async () => {
  const cases = TEXTS.map((text, i) => `  - { id: t${i}, vars: { text: ${JSON.stringify(text)} } }`);
  writeFileSync(join(dir, "run.yaml"), [
    "name: thread-tokens", "prompts:", '  - { id: p, input: "{{text}}" }', "targets:", "  - { id: t, api: chat, model: gpt-4.1-mini, base_url: sim }",
    "cases:", ...cases, "graders:", '  - { type: contains, value: "x" }', "sim: { seed: 1 }", "",
  ].join("\n"));
  const db = join(dir, "run.db");
  const r = await runCli(["run", join(dir, "run.yaml"), "--db", db], { cwd: dir });
  expect(r.stderr).not.toMatch(/error\[/);
  const stored = new Database(db, { readonly: true });
  const rows = stored.prepare("SELECT case_id, input_tokens FROM attempts ORDER BY case_id").all() as Array<{ case_id: string; input_tokens: number }>;
  stored.close();
  expect(rows).toHaveLength(TEXTS.length);
  for (const row of rows) {
    const text = TEXTS[Number(row.case_id.slice(1))]!;
    expect(row.input_tokens, text.slice(0, 40)).toBe(countTokens(`<|user|>\n${text}\n`));
  }
}, 60_000);

test("the bundle's encoding (gpt-tokenizer's, reading the rank table) encodes and decodes as the package's does", async () => {
  // The chunk that builds o200k from the rank table; its exports are renamed: read their names off its export list.
  const chunk = readdirSync(join(repoRoot, "dist/bundle")).find((f) => /^o200k_base-.*\.js$/.test(f) && readFileSync(join(repoRoot, "dist/bundle", f), "utf8").includes("o200k_base.ranks"));
  expect(chunk).toBeDefined();
  const exported = /export \{([^}]*)\}/.exec(readFileSync(join(repoRoot, "dist/bundle", chunk!), "utf8"))![1]!;
  const alias = (name: string) => new RegExp(`\\b${name} as (\\w+)`).exec(exported)![1]!;
  const bundled = (await import(pathToFileURL(join(repoRoot, "dist/bundle", chunk!)).href)) as Record<string, (...args: unknown[]) => unknown>;
  const pkg = await import("gpt-tokenizer/encoding/o200k_base");
  // The texts above, every printable ASCII character, Latin-1 and a few thousand seeded
  // random strings over scripts, emoji and controls: byte-level merges included.
  const alphabet = [..."abcXYZ019 .,;:!?'\"-_/\\\n\t€£ßéøñçüÆΩЖжק ع中文日本語한국어🙂🚚👍🏽\u0000\u0007\u200B\uFFFD"];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const texts = [...TEXTS, String.fromCharCode(...Array.from({ length: 95 }, (_, i) => i + 32)), String.fromCharCode(...Array.from({ length: 96 }, (_, i) => i + 160))];
  for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: 1 + Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(""));
  const AS_TEXT = { disallowedSpecial: new Set<string>() };
  for (const text of texts) {
    const tokens = pkg.encode(text, AS_TEXT);
    expect(bundled[alias("encode")]!(text, AS_TEXT), JSON.stringify(text)).toEqual(tokens);
    expect(bundled[alias("decode")]!(tokens), JSON.stringify(text)).toBe(pkg.decode(tokens));
  }
  // Tokens alone, decoded: every 997th rank (strings and byte sequences), and two special tokens (<|endoftext|>, <|fim_prefix|>).
  const ids = [...Array.from({ length: Math.ceil(199_998 / 997) }, (_, k) => k * 997), 199_999, 200_000];
  for (const id of ids) expect(bundled[alias("decode")]!([id]), `token ${id}`).toBe(pkg.decode([id]));
}, 60_000);
