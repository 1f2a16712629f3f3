import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EvalgateError, type Api, type CaseRequest } from "../core/index.js";
import { caseIdOf, labelGraders, recordingOf, requestKey, stratumOf, stratumTag, type CaseRow } from "./case-row.js";
import type { LoggedExchange } from "./logged-exchange.js";
import { mapChatRequest } from "./map-chat.js";
import type { Mapped } from "./map-common.js";
import { mapResponsesRequest } from "./map-responses.js";
import { createRedactor, type RedactionCounts } from "./redact.js";
import { sampleRequests, type Allocation } from "./sample.js";
import { scaffoldSuite } from "./scaffold.js";
import type { ExchangeSource } from "./sources.js";

/** What `--prompt FILE` supplies to every case (stored completions log no tools, schema or params). */
export type PromptOverlay = Partial<Pick<CaseRequest, "instructions" | "tools" | "tool_choice" | "output" | "params">>;

export interface ImportOptions {
  source: ExchangeSource;
  outDir: string;
  /** The suite's name (kebab-case): NAME.yaml and NAME.jsonl in outDir. */
  name: string;
  sample?: number;
  /** `model` or `metadata.KEY`. */
  stratifyBy?: string;
  seed: number;
  allocation: Allocation;
  /** Keep exchanges without a logged reply: the baseline sends them to the original API. */
  liveBaseline: boolean;
  redact: readonly string[];
  prompt?: PromptOverlay;
  candidate?: { api?: Api; model?: string };
  agreementMin: number;
  /** A judge model for the pairwise gate (`--pairwise-judge`); absent = no pairwise gate. */
  pairwiseJudge?: string;
  /** Replace NAME.yaml / NAME.jsonl when they exist. */
  force: boolean;
}

export interface ImportReport {
  source: string;
  suiteFile: string;
  datasetFile: string;
  exchanges: number;
  /** Exchanges without a logged reply, left out (unless --live-baseline). */
  withoutReply: number;
  /** Exchanges left out because their request has no neutral form, by reason. */
  unmappable: Record<string, number>;
  unique: number;
  cases: number;
  strata: Array<{ stratum: string; unique: number; traffic: number; taken: number }>;
  /** Field notes (no neutral form: kept or dropped), by how many written cases they concern. */
  notes: Record<string, number>;
  redactions: RedactionCounts;
}

interface Seen {
  count: number;
  stratum: string;
  /** The first line with a reply (or the first line, under --live-baseline). */
  line: number | null;
  file: string;
}

/**
 * `evalgate import` (docs/migration-guide.md): two streaming passes over the source — count
 * and de-duplicate, then write the sampled cases, masked — so a log of any length costs the
 * memory of its distinct request keys. Outputs go through temporary files and a rename:
 * bad input stops the import before anything is written.
 */
export async function importTraffic(o: ImportOptions): Promise<ImportReport> {
  checkName(o.name);
  const datasetFile = join(o.outDir, `${o.name}.jsonl`);
  const suiteFile = join(o.outDir, `${o.name}.yaml`);
  if (!o.force) for (const f of [datasetFile, suiteFile]) if (existsSync(f)) throw new EvalgateError("BAD_FLAG", `${f} exists`, { hint: "pass --force to replace it, or choose another --name / --out" });
  const seen = new Map<string, Seen>();
  const report = { exchanges: 0, withoutReply: 0, unmappable: {} as Record<string, number> };
  for await (const { exchange, file, line } of o.source.exchanges()) {
    report.exchanges++;
    const mapped = mapExchange(exchange, o.prompt);
    if (!mapped.ok) {
      report.unmappable[mapped.skip] = (report.unmappable[mapped.skip] ?? 0) + 1;
      continue;
    }
    const recording = recordingOf(exchange);
    if (typeof recording === "string") throw new EvalgateError("TRAFFIC_INVALID", `line ${line}: \`response\` ${recording} for a ${exchange.api} request`, { location: { file, line }, hint: "log the API's own response JSON, or set `api` to the API that answered" });
    if (recording === null) report.withoutReply++;
    const key = requestKey(exchange.api, mapped.request);
    const entry = seen.get(key) ?? { count: 0, stratum: stratumOf(exchange, o.stratifyBy), line: null, file };
    entry.count++;
    if (entry.line === null && (recording !== null || o.liveBaseline)) entry.line = line;
    seen.set(key, entry);
  }
  for (const [why, count] of Object.entries(o.source.leftOut ?? {})) report.unmappable[why] = (report.unmappable[why] ?? 0) + count;
  const candidates = [...seen.entries()].filter(([, s]) => s.line !== null).map(([key, s]) => ({ key, stratum: s.stratum, weight: s.count }));
  const sample = sampleRequests(candidates, o.sample, o.seed, o.allocation);
  const wanted = new Map([...sample.keys].map((k) => [seen.get(k)!.line!, k]));
  mkdirSync(o.outDir, { recursive: true });
  const written = await writeCases(o, wanted, seen, datasetFile);
  const suiteText = scaffoldSuite({
    name: o.name,
    dataset: `${o.name}.jsonl`,
    source: o.source.name,
    description: `Replay of ${o.source.name}: ${count(written.cases)} of ${count(candidates.length)} distinct requests with a reply (${count(report.exchanges)} logged exchanges)${o.stratifyBy ? `, stratified by ${o.stratifyBy}` : ""}, seed ${o.seed}.`,
    production: written.production,
    candidate: { api: o.candidate?.api ?? (written.production.api === "chat" ? "responses" : "chat"), model: o.candidate?.model ?? written.production.model },
    redact: o.redact,
    allLabelled: written.labelled === written.cases && written.cases > 0,
    someLabelled: written.labelled > 0,
    agreementMin: o.agreementMin,
    ...(o.pairwiseJudge ? { pairwiseJudge: o.pairwiseJudge } : {}),
  });
  try {
    writeAtomic(suiteFile, suiteText, () => renameSync(written.tmp, datasetFile));
  } finally {
    rmSync(written.tmp, { force: true });
  }
  return {
    source: o.source.name,
    suiteFile,
    datasetFile,
    ...report,
    unique: seen.size,
    cases: written.cases,
    strata: [...sample.strata.entries()].map(([stratum, s]) => ({ stratum, ...s })),
    notes: written.notes,
    redactions: written.redactions,
  };
}

function mapExchange(e: LoggedExchange, overlay: PromptOverlay | undefined): Mapped {
  const mapped = e.api === "chat" ? mapChatRequest(e.request) : mapResponsesRequest(e.request);
  if (!mapped.ok || !overlay) return mapped;
  const r = mapped.request;
  const request: CaseRequest = { ...r, ...(overlay.tools ? { tools: overlay.tools } : {}), ...(overlay.tool_choice !== undefined ? { tool_choice: overlay.tool_choice } : {}), ...(overlay.output ? { output: overlay.output } : {}), params: { ...r.params, ...overlay.params } };
  if (overlay.instructions !== undefined && r.instructions === undefined) request.instructions = overlay.instructions;
  return { ...mapped, request };
}

interface Written {
  tmp: string;
  cases: number;
  labelled: number;
  production: { api: Api; model: string };
  notes: Record<string, number>;
  redactions: RedactionCounts;
}

/** Pass 2: the sampled exchanges, in log order, masked, one dataset row a line, into a temporary file. */
async function writeCases(o: ImportOptions, wanted: Map<number, string>, seen: Map<string, Seen>, datasetFile: string): Promise<Written> {
  const tmp = `${datasetFile}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const redactor = createRedactor(o.redact);
  const notes: Record<string, number> = {};
  const served = new Map<string, number>();
  let cases = 0;
  let labelled = 0;
  try {
    for await (const { exchange, line, file } of o.source.exchanges()) {
      const key = wanted.get(line);
      if (key === undefined || seen.get(key)!.file !== file) continue;
      const mapped = mapExchange(exchange, o.prompt);
      if (!mapped.ok) continue;
      const recording = recordingOf(exchange);
      const graders = labelGraders(exchange.label);
      const tag = stratumTag(o.stratifyBy, seen.get(key)!.stratum);
      const row: CaseRow = {
        id: caseIdOf(key),
        weight: seen.get(key)!.count,
        tags: [...(tag ? [tag] : []), ...(graders ? ["labelled"] : [])],
        vars: Object.keys(exchange.metadata).length ? { metadata: exchange.metadata } : {},
        request: mapped.request,
        ...(recording && typeof recording === "object" ? { recorded: recording } : {}),
        ...(graders ? { graders } : {}),
      };
      for (const n of new Set(mapped.notes)) notes[n] = (notes[n] ?? 0) + 1;
      if (graders) labelled++;
      const model = mapped.request.model ?? row.recorded?.model ?? "unknown";
      served.set(`${exchange.api}\u0000${model}`, (served.get(`${exchange.api}\u0000${model}`) ?? 0) + row.weight);
      cases++;
      if (!out.write(`${JSON.stringify(redactor.value(row))}\n`)) await new Promise<void>((ok) => out.once("drain", () => ok()));
    }
    await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
  if (cases === 0) {
    rmSync(tmp, { force: true });
    throw new EvalgateError("TRAFFIC_INVALID", `no exchange of ${o.source.name} can be replayed`, { location: { file: o.source.name }, hint: "a case needs a logged reply (or --live-baseline) and a request with a neutral form: see the import report's reasons" });
  }
  const top = [...served.entries()].sort((a, b) => b[1] - a[1])[0]![0].split("\u0000");
  return { tmp, cases, labelled, production: { api: top[0] as Api, model: top[1]! }, notes, redactions: redactor.counts() };
}

/** The suite through a temporary file and a rename; `alsoRename` moves the dataset into place just before. */
function writeAtomic(path: string, text: string, alsoRename: () => void): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    alsoRename();
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const count = (n: number) => n.toLocaleString("en-US");

function checkName(name: string): void {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new EvalgateError("BAD_FLAG", `--name ${JSON.stringify(name)} is not kebab-case`, { hint: "a suite's name is lowercase letters, digits and `-`, e.g. --name traffic-replay" });
}
