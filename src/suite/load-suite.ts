import { dirname, resolve } from "node:path";
import {
  EvalgateError,
  sha256,
  simConfigSchema,
  suiteSchema,
  type GraderSpec,
  type SourceLocation,
  type SuiteFile,
  LIMITS,
} from "../core/index.js";
import { checkCompare, checkGrader, checkRedact, checkTargetParams, checkUnique } from "./checks.js";
import { loadDataset, locateInCase, MAX_DATASET_ROWS, replayFields, type RawCase } from "./dataset.js";
import { checkReplay } from "./replay-checks.js";
import { varsHash } from "./vars-hash.js";
import { firstIssue, issueError } from "./issues.js";
import { resolvePrompt, type FileTexts } from "./resolve-files.js";
import { checkGraderFiles } from "./grader-files.js";
import { checkApiKeyEnv } from "./key-env.js";
import { checkTargetState } from "./tool-loop-spec.js";
import { checkCaseValues } from "./value-limits.js";
import { createPathPolicy, type PathPolicy } from "./path-policy.js";
import { displayPath, readYaml, type Path, type YamlSource } from "./source.js";
import { checkCaseTemplates, collectSuiteTemplates, type LoadedSim } from "./template-checks.js";
import { checkVisionTargets, loadSuiteImages } from "./image-refs.js";
import type { LoadedSuite, SuiteCase, SuiteJudge, SuiteTarget } from "./types.js";

export interface LoadSuiteOptions {
  /** A simulator config file (`--sim-config`) replacing the suite's `sim:`. */
  simConfigFile?: string;
  /** Folders besides the project root that the suite may read (`--allow-path`, docs/trust.md). */
  allowPaths?: string[];
}

/** Loads a suite: YAML with positions, schema, files, datasets and every cross-check; no calls. */
export async function loadSuite(file: string, options: LoadSuiteOptions = {}): Promise<LoadedSuite> {
  const path = resolve(file);
  const source = readYaml(path, "SUITE_PARSE", undefined, LIMITS.suiteBytes);
  const value = source.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new EvalgateError("SUITE_INVALID", "a suite is a YAML map (name, prompts, targets, cases, …)", { location: source.locate([]), hint: "see docs/suite-format.md, or run `evalgate init` for an example" });
  }
  const parsed = suiteSchema.safeParse(value);
  if (!parsed.success) throw issueError(firstIssue(parsed.error.issues), suiteSchema, value, (p, k) => source.locate(p, k));
  const spec = parsed.data;
  const dir = dirname(path);
  const locate = (p: Path, k?: boolean) => source.locate(p, k);
  const files: FileTexts = new Map();
  const policy = createPathPolicy(dir, options.allowPaths);

  const prompts = spec.prompts.map((p, i) => resolvePrompt(p, dir, (q, k) => locate(["prompts", i, ...q], k), files, policy));
  checkUnique(prompts, "prompt", (i) => locate(["prompts", i, "id"]), (i) => locate(["prompts", i, "id"]));
  const endpoints = [...spec.targets, ...spec.judges];
  checkUnique(endpoints, "target or judge", (i) => locateEndpoint(locate, spec, i, "id"), (i) => locateEndpoint(locate, spec, i, "id"));

  const warnings: string[] = [];
  const targets = spec.targets.map((t, i): SuiteTarget => {
    for (const w of checkTargetParams(t.api, t.model, t.params, (q, k) => locate(["targets", i, ...q], k))) warnings.push(`target ${t.id}: ${w}`);
    checkApiKeyEnv(t.api_key_env, locate(["targets", i, "api_key_env"]));
    checkTargetState(t, (q, k) => locate(["targets", i, ...q], k));
    return stripUndefined({ ...t }) as SuiteTarget;
  });
  const judges = spec.judges.map((j, i): SuiteJudge => {
    checkApiKeyEnv(j.api_key_env, locate(["judges", i, "api_key_env"]));
    if (j.api !== "embeddings") for (const w of checkTargetParams(j.api, j.model, j.params, (q, k) => locate(["judges", i, ...q], k))) warnings.push(`judge ${j.id}: ${w}`);
    return stripUndefined({ ...j }) as SuiteJudge;
  });
  checkCompare(spec.compare, prompts.map((p) => p.id), targets.map((t) => t.id), locate);
  checkRedact(spec.redact, (i) => locate(["redact", i]));

  const ctx = { prompts, judgeIds: judges.map((j) => j.id) };
  spec.graders.forEach((g, i) => {
    checkGrader(g, (q, k) => locate(["graders", i, ...q], k), ctx, ["graders", i]);
    checkGraderFiles(g, dir, (q, k) => locate(["graders", i, ...q], k), policy);
  });

  const raw = readCases(spec, dir, locate, files, policy);
  for (const c of raw) checkCaseValues(c);
  checkUnique(raw, "case", (i) => locateInCase(raw[i]!, ["id"]), (i) => raw[i]!.location);
  for (const c of raw) {
    c.graders.forEach((g, i) => {
      checkGrader(g, (q, k) => locateInCase(c, ["graders", i, ...q], k), ctx, [`case ${c.id}`, "graders", i]);
      checkGraderFiles(g, dir, (q, k) => locateInCase(c, ["graders", i, ...q], k), policy);
    });
  }

  checkReplay({ prompts, targets, cases: raw, graders: spec.graders, gates: spec.gates, compare: spec.compare, locate });

  const sim = loadSim(spec, source, options.simConfigFile, files);
  const templates = collectSuiteTemplates(prompts, spec.graders, sim, locate);
  for (const c of raw) checkCaseTemplates(c, templates);
  const images = loadSuiteImages(prompts, raw, dir, locate, policy, files);
  checkVisionTargets(prompts, targets, (i) => locate(["targets", i, "model"]));

  // The raw cases become the suite's cases in place: 100k rows make no second copy.
  // An imported case's identity is its request too: a replay whose logged request changed is a changed case.
  for (const c of raw) c.varsHash = varsHash(c.request ? { vars: c.vars, request: c.request } : c.vars);
  const cases = raw as unknown as SuiteCase[];
  return {
    file,
    dir,
    name: spec.name,
    description: spec.description,
    hash: suiteHash(source.text, dir, files),
    source: source.text,
    files: [...files.keys()],
    prompts,
    targets,
    judges,
    cases,
    graders: spec.graders as GraderSpec[],
    repeat: spec.repeat,
    compare: spec.compare,
    gates: spec.gates,
    budget: spec.budget,
    redact: spec.redact,
    sim: sim.config,
    warnings,
    images,
  };
}

function locateEndpoint(locate: (p: Path, k?: boolean) => SourceLocation, spec: SuiteFile, i: number, key: string): SourceLocation {
  return i < spec.targets.length ? locate(["targets", i, key]) : locate(["judges", i - spec.targets.length, key]);
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o)) if ((o as Record<string, unknown>)[k] === undefined) delete (o as Record<string, unknown>)[k];
  return o;
}

function readCases(spec: SuiteFile, dir: string, locate: (p: Path, k?: boolean) => SourceLocation, files: FileTexts, policy: PathPolicy): RawCase[] {
  const cases: RawCase[] = [];
  const refs = spec.dataset === undefined ? [] : typeof spec.dataset === "string" ? [spec.dataset] : spec.dataset;
  refs.forEach((ref, i) => {
    const at = locate(typeof spec.dataset === "string" ? ["dataset"] : ["dataset", i]);
    const path = resolve(dir, ref.replace(/^file:\/\//, ""));
    policy.check(path, at, "dataset");
    const dataset = loadDataset(path, at);
    files.set(path, dataset.text);
    if (cases.length + dataset.cases.length > MAX_DATASET_ROWS) {
      throw new EvalgateError("DATASET_INVALID", `the suite's datasets hold more than ${MAX_DATASET_ROWS.toLocaleString("en-US")} cases`, { location: at, hint: "sample the data or split the suite" });
    }
    for (const c of dataset.cases) cases.push(c);
  });
  (spec.cases ?? []).forEach((c, i) => {
    const locateCase = (p: Path, k?: boolean) => locate(["cases", i, ...p], k);
    cases.push({ id: c.id, vars: c.vars, tags: c.tags, ...(c.group === undefined ? {} : { group: c.group }), graders: c.graders as Record<string, unknown>[], varsHash: "", location: locateCase([]), locate: locateCase, ...replayFields(c) });
  });
  if (cases.length === 0) {
    throw new EvalgateError("SUITE_INVALID", "the suite has no cases", { location: locate([]), hint: "add `dataset: datasets/FILE.jsonl` or inline `cases:`" });
  }
  return cases;
}

export type { LoadedSim };

function loadSim(spec: SuiteFile, source: YamlSource, simConfigFile: string | undefined, files: FileTexts): LoadedSim {
  if (!simConfigFile) {
    return { config: spec.sim ?? simConfigSchema.parse({}), locate: (p) => source.locate(["sim", ...p]) };
  }
  const path = resolve(simConfigFile);
  const simSource = readYaml(path, "CONFIG_INVALID");
  files.set(path, simSource.text);
  const doc = simSource.value;
  const nested = doc !== null && typeof doc === "object" && !Array.isArray(doc) && "sim" in doc;
  const prefix: Path = nested ? ["sim"] : [];
  const value = nested ? (doc as { sim: unknown }).sim : (doc ?? {});
  const parsed = simConfigSchema.safeParse(value);
  if (!parsed.success) throw issueError(firstIssue(parsed.error.issues), simConfigSchema, value, (p, k) => simSource.locate([...prefix, ...p], k), "CONFIG_INVALID");
  return { config: parsed.data, locate: (p) => simSource.locate([...prefix, ...p]) };
}

/** sha256 over the suite text and each referenced file (by its path relative to the suite). */
function suiteHash(text: string, dir: string, files: FileTexts): string {
  const parts = [...files.entries()].map(([p, t]) => `${displayRel(dir, p)}\n${sha256(t)}`).sort();
  return sha256([sha256(text), ...parts].join("\n"));
}

function displayRel(dir: string, p: string): string {
  return p.startsWith(dir) ? p.slice(dir.length + 1) : displayPath(p);
}
