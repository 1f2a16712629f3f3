import { resolve } from "node:path";
import { parse } from "yaml";
import { readFileSync } from "node:fs";
import { caseRequestSchema, EvalgateError, type Api } from "../core/index.js";
import { DEFAULT_AGREEMENT_MIN, fileSource, importTraffic, responsesByIdSource, storedCompletionsSource, type Allocation, type ExchangeSource, type ImportReport, type PromptOverlay } from "../import/index.js";

/** The SOURCE that means OpenAI's stored chat completions rather than a file. */
export const STORED_COMPLETIONS_SOURCE = "openai:chat-completions";
/** The SOURCE that means stored Responses, fetched one by one from the ids in `--ids FILE`. */
export const STORED_RESPONSES_SOURCE = "openai:responses";

export interface ImportTrafficOptions {
  outDir: string;
  name: string;
  sample?: number;
  stratifyBy?: string;
  seed?: number;
  allocation?: Allocation;
  liveBaseline?: boolean;
  redact?: string[];
  /** A YAML/JSON file of what every case's request lacks: instructions, tools, tool_choice, output, params. */
  promptFile?: string;
  candidateApi?: Api;
  candidateModel?: string;
  agreementMin?: number;
  /** `--pairwise-judge MODEL`: a judge and the pairwise gate in the suite. */
  pairwiseJudge?: string;
  force?: boolean;
  /** For the stored completions source. */
  baseUrl?: string;
  apiKeyEnv?: string;
  model?: string;
  metadata?: Record<string, string>;
  limit?: number;
  /** For `openai:responses`: a file of response ids, one a line. */
  idsFile?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** `evalgate import SOURCE` as a library call: a logged-exchange JSONL (Chat or Responses), or OpenAI's stored chat completions. */
export async function importLoggedTraffic(source: string, o: ImportTrafficOptions): Promise<ImportReport> {
  const cwd = o.cwd ?? process.cwd();
  checkStratifyBy(o.stratifyBy);
  const prompt = o.promptFile ? readPromptOverlay(resolve(cwd, o.promptFile), o.promptFile) : undefined;
  const exchanges = await openSource(source, o, cwd);
  return importTraffic({
    source: exchanges,
    outDir: resolve(cwd, o.outDir),
    name: o.name,
    ...(o.sample !== undefined ? { sample: o.sample } : {}),
    ...(o.stratifyBy !== undefined ? { stratifyBy: o.stratifyBy } : {}),
    seed: o.seed ?? 0,
    allocation: o.allocation ?? "proportional",
    liveBaseline: o.liveBaseline === true,
    redact: o.redact ?? [],
    ...(prompt ? { prompt } : {}),
    candidate: { ...(o.candidateApi ? { api: o.candidateApi } : {}), ...(o.candidateModel ? { model: o.candidateModel } : {}) },
    agreementMin: o.agreementMin ?? DEFAULT_AGREEMENT_MIN,
    ...(o.pairwiseJudge ? { pairwiseJudge: o.pairwiseJudge } : {}),
    force: o.force === true,
  });
}

async function openSource(source: string, o: ImportTrafficOptions, cwd: string): Promise<ExchangeSource> {
  if (o.idsFile !== undefined && source !== STORED_RESPONSES_SOURCE) throw new EvalgateError("BAD_FLAG", `--ids is for the ${STORED_RESPONSES_SOURCE} source, not ${source}`);
  if (source !== STORED_COMPLETIONS_SOURCE && source !== STORED_RESPONSES_SOURCE) return fileSource(resolve(cwd, source), source);
  const env = o.env ?? process.env;
  const keyEnv = o.apiKeyEnv ?? "OPENAI_API_KEY";
  const apiKey = env[keyEnv];
  const what = source === STORED_RESPONSES_SOURCE ? "fetching stored responses" : "listing stored completions";
  if (!apiKey) throw new EvalgateError("BAD_FLAG", `${what} needs an API key in $${keyEnv}`, { hint: `set ${keyEnv}, or name another variable with --api-key-env` });
  if (source === STORED_RESPONSES_SOURCE) {
    if (o.idsFile === undefined) throw new EvalgateError("BAD_FLAG", `${STORED_RESPONSES_SOURCE} needs --ids FILE: the API has no list of responses`, { hint: "log each response's id (resp_…), one a line, and pass that file" });
    return responsesByIdSource({ baseURL: o.baseUrl ?? "https://api.openai.com/v1", apiKey, ids: readIds(resolve(cwd, o.idsFile), o.idsFile, o.limit ?? 10_000), file: o.idsFile });
  }
  return storedCompletionsSource({
    baseURL: o.baseUrl ?? "https://api.openai.com/v1",
    apiKey,
    ...(o.model ? { model: o.model } : {}),
    ...(o.metadata ? { metadata: o.metadata } : {}),
    limit: o.limit ?? 10_000,
  });
}

/** `--ids FILE`: one response id a line; blank lines and `#` comments skipped; at most `limit`. */
function readIds(path: string, shownAs: string, limit: number): Array<{ id: string; line: number }> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new EvalgateError("FILE_NOT_FOUND", `cannot read --ids ${shownAs}: ${(e as Error).message.split("\n")[0]}`, { location: { file: shownAs } });
  }
  const ids: Array<{ id: string; line: number }> = [];
  for (const [i, raw] of text.split("\n").entries()) {
    const id = raw.trim();
    if (id === "" || id.startsWith("#")) continue;
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new EvalgateError("CONFIG_INVALID", `--ids ${shownAs}:${i + 1}: '${id.slice(0, 60)}' is not a response id`, { location: { file: shownAs, line: i + 1 }, hint: "one response id (resp_…) a line" });
    if (ids.length < limit) ids.push({ id, line: i + 1 });
  }
  if (ids.length === 0) throw new EvalgateError("CONFIG_INVALID", `--ids ${shownAs} holds no response id`, { location: { file: shownAs }, hint: "one response id (resp_…) a line" });
  return ids;
}

function checkStratifyBy(by: string | undefined): void {
  if (by === undefined || by === "model" || /^metadata\.[^.\s]+$/.test(by)) return;
  throw new EvalgateError("BAD_FLAG", `--stratify-by must be \`model\` or \`metadata.KEY\`, got '${by}'`, { hint: "e.g. --stratify-by metadata.route" });
}

const overlaySchema = caseRequestSchema.pick({ instructions: true, tools: true, tool_choice: true, output: true, params: true }).partial().strict();

/** `--prompt FILE`: what the logs lack, in the suite's neutral form. */
function readPromptOverlay(path: string, shownAs: string): PromptOverlay {
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new EvalgateError((e as NodeJS.ErrnoException).code === "ENOENT" ? "FILE_NOT_FOUND" : "CONFIG_INVALID", `cannot read --prompt ${shownAs}: ${(e as Error).message.split("\n")[0]}`, { location: { file: shownAs } });
  }
  const parsed = overlaySchema.safeParse(doc ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new EvalgateError("CONFIG_INVALID", `--prompt ${shownAs}: ${issue.path.join(".") || "(top)"}: ${issue.message}`, { location: { file: shownAs }, hint: "a prompt file holds instructions, tools, tool_choice, output {name, schema, strict} and params, as a suite's prompt does" });
  }
  return parsed.data as PromptOverlay;
}
