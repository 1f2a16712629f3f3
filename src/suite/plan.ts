import { armId, attemptTag, checkParams, EvalgateError, reasoningCapWarning, type GenerateRequest, type GraderSpec, type NeutralContent, type NeutralImagePart, type NeutralMessage, type ToolLoopSpec, LIMITS, rngFrom } from "../core/index.js";
import { stateWarning } from "./tool-loop-spec.js";
import { caseLabel, renderTemplate, renderValue, valueHasTemplate } from "./template.js";
import { caseRequestPrompt, ReplayWarnings, withCaseRequest } from "./plan-replay.js";
import type { LoadedSuite, Plan, PlannedArm, PlannedAttempt, PlanOptions, SuiteCase, SuiteContent, SuiteContentPart, SuitePrompt, SuiteTarget } from "./types.js";

/** A prompt rendered for one case: shared by every arm and repeat of that case. */
export interface RenderedPrompt {
  instructions?: string;
  messages: NeutralMessage[];
}

/** The prompt's instructions and conversation with the case's vars filled in, local images from the suite's loaded ones (a `from_case` prompt: the case's request, never templated). */
export function renderPrompt(prompt: SuitePrompt, c: Pick<SuiteCase, "id" | "vars" | "location" | "request">, images: LoadedSuite["images"]): RenderedPrompt {
  if (prompt.fromCase) return caseRequestPrompt(c);
  const where = { caseLabel: () => caseLabel(c.id, c.location) };
  const out: RenderedPrompt = { messages: [] };
  if (prompt.instructions !== undefined) out.instructions = renderTemplate(prompt.instructions, c.vars, where);
  if (prompt.input !== undefined) out.messages.push({ role: "user", content: renderContent(prompt.input, c.vars, where, images) });
  for (const m of prompt.messages ?? []) {
    if (m.role === "assistant") {
      const calls = m.tool_calls?.map((call) => ({ id: call.id, name: call.name, arguments: toArguments(renderValue(call.arguments, c.vars, where)) }));
      out.messages.push({ role: "assistant", content: m.content === null ? null : renderTemplate(m.content, c.vars, where), ...(calls ? { tool_calls: calls } : {}) });
    } else if (m.role === "tool") {
      out.messages.push({ role: "tool", tool_call_id: m.tool_call_id, content: renderTemplate(m.content, c.vars, where) });
    } else if (m.role === "user") {
      out.messages.push({ role: "user", content: renderContent(m.content, c.vars, where, images) });
    } else {
      out.messages.push({ role: m.role, content: renderTemplate(m.content, c.vars, where) });
    }
  }
  return out;
}

type Where = Parameters<typeof renderTemplate>[2];

function renderContent(content: SuiteContent, vars: Record<string, unknown>, where: Where, images: LoadedSuite["images"]): NeutralContent {
  if (typeof content === "string") return renderTemplate(content, vars, where);
  return content.map((p) => (p.type === "text" ? { type: "text", text: renderTemplate(p.text, vars, where) } : renderImage(p, vars, where, images)));
}

/** An https:// reference is sent as written; a file:// one as the data URL loadSuite read (every case's was loaded then). */
function renderImage(part: Extract<SuiteContentPart, { type: "image" }>, vars: Record<string, unknown>, where: Where, images: LoadedSuite["images"]): NeutralImagePart {
  const ref = renderTemplate(part.image, vars, where);
  if (!ref.startsWith("file://")) return { type: "image", url: ref, detail: part.detail };
  const loaded = images.get(ref);
  if (!loaded) throw new EvalgateError("INTERNAL", `image ${ref} was not loaded with the suite`, { hint: "load the suite with loadSuite before planning it" });
  return { type: "image", url: loaded.dataUrl, detail: part.detail, source: loaded.source };
}

function toArguments(value: unknown): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value === "string") {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // not JSON: reported below
    }
  }
  throw new EvalgateError("TEMPLATE_ERROR", `tool call arguments must render to a map (got ${JSON.stringify(value)})`, { hint: "write `arguments: {key: \"{{var}}\"}` or a var holding a map" });
}

/** Distinct grader renderings a plan shares; past them, each case keeps its own. */
const INTERNED_GRADERS = 10_000;

/**
 * Suite graders then the case's own, their options rendered with the case's vars
 * (`staticFlags`: which suite graders hold no template). A rendering equal to an earlier one
 * in `interned` is that one's object: cases that render a grader alike share it, and the
 * grader's options are checked once for all of them (graders' parseGraderOptions caches by object).
 */
export function renderGraders(suiteGraders: readonly GraderSpec[], c: SuiteCase, staticFlags: readonly boolean[], interned: Map<string, GraderSpec>): GraderSpec[] {
  const where = { caseLabel: () => caseLabel(c.id, c.location) };
  const render = (g: GraderSpec, isStatic: boolean | undefined): GraderSpec => {
    if (isStatic ?? !valueHasTemplate(g)) return g;
    // One shallow copy; only the values holding templates are rendered (`type` never is).
    const out: Record<string, unknown> = { ...g };
    for (const key in out) if (key !== "type" && valueHasTemplate(out[key])) out[key] = renderValue(out[key], c.vars, where);
    const key = JSON.stringify(out);
    const seen = interned.get(key);
    if (seen) return seen;
    if (interned.size < INTERNED_GRADERS) interned.set(key, out as GraderSpec);
    return out as GraderSpec;
  };
  return [...suiteGraders.map((g, i) => render(g, staticFlags[i])), ...c.graders.map((g) => render(g, undefined))];
}

function selectTargets(suite: LoadedSuite, ids: readonly string[] | undefined): SuiteTarget[] {
  if (!ids || ids.length === 0) return suite.targets;
  return ids.map((id) => {
    const t = suite.targets.find((x) => x.id === id);
    if (!t) throw new EvalgateError("BAD_FLAG", `--targets: \`${id}\` is not a target of ${suite.name}`, { hint: `targets: ${suite.targets.map((x) => x.id).join(", ")}` });
    return t;
  });
}

/** The arms of a suite (prompts × selected targets) with their checked params. */
export function planArms(suite: LoadedSuite, targetIds?: readonly string[]): PlannedArm[] {
  const targets = selectTargets(suite, targetIds);
  return suite.prompts.flatMap((p) =>
    targets.map((t) => {
      const check = checkParams(t.api, t.model, t.params);
      const kept = p.loop ? stateWarning(t) : undefined;
      const cap = reasoningCapWarning(t.model, check.params, t.reasoning_tokens_estimate);
      const warnings = [...check.warnings, ...(kept === undefined ? [] : [kept]), ...(cap === null ? [] : [cap])];
      return { arm: armId(p.id, t.id), promptId: p.id, targetId: t.id, target: t, params: check.params, warnings };
    }),
  );
}

/** The attempts of a suite: cases × prompts × targets × repeats, fully rendered. */
export function planSuite(suite: LoadedSuite, options: PlanOptions = {}): Plan {
  const arms = planArms(suite, options.targets);
  const repeat = options.repeat ?? suite.repeat;
  if (!Number.isInteger(repeat) || repeat < 1) throw new EvalgateError("BAD_FLAG", `--repeat must be a positive integer (got ${repeat})`);
  const filter = options.filterTags?.length ? new Set(options.filterTags) : undefined;
  const cases = filter ? suite.cases.filter((c) => c.tags.some((t) => filter.has(t))) : suite.cases;
  if (repeat > LIMITS.repeat) throw new EvalgateError("BAD_FLAG", `--repeat is at most ${LIMITS.repeat} (got ${repeat})`, { hint: "repeats past 1,000 add no evidence a larger sample of cases would not give" });
  const planned = cases.length * arms.length * repeat;
  if (planned > LIMITS.plannedAttempts) {
    throw new EvalgateError("BAD_FLAG", `the plan has ${planned.toLocaleString("en-US")} attempts (${cases.length.toLocaleString("en-US")} cases × ${arms.length} arms × ${repeat} repeats), over the ${LIMITS.plannedAttempts.toLocaleString("en-US")} one run may hold`, {
      hint: "lower --repeat, select cases with --filter-tag or targets with --targets, or split the suite",
    });
  }
  const promptById = new Map(suite.prompts.map((p) => [p.id, p]));
  const loopSpecs = new Map(arms.flatMap((a) => {
    const loop = promptById.get(a.promptId)?.loop;
    const spec: ToolLoopSpec | undefined = loop && { maxSteps: loop.maxSteps, state: a.target.state ?? "history", tools: Object.keys(loop.implementations) };
    return spec ? [[a.arm, spec] as const] : [];
  }));
  const staticFlags = suite.graders.map((g) => !valueHasTemplate(g));
  const interned = new Map<string, GraderSpec>();
  const attempts: PlannedAttempt[] = [];
  const seed = suite.sim.seed ?? 0;
  const replay = new ReplayWarnings();
  for (const c of cases) {
    const graders = renderGraders(suite.graders, c, staticFlags, interned);
    const rendered = new Map<string, RenderedPrompt>();
    for (let i = 0; i < repeat; i++) {
      for (const arm of armOrder(arms, seed, c.id, i)) {
        const prompt = promptById.get(arm.promptId)!;
        let r = rendered.get(prompt.id);
        if (!r) rendered.set(prompt.id, (r = renderPrompt(prompt, c, suite.images)));
        const built = buildRequest(prompt, arm, r, attemptTag(c.id, i));
        const request = prompt.fromCase && c.request ? withCaseRequest(built, c.request, arm, replay) : built;
        const loop = loopSpecs.get(arm.arm);
        const attempt: PlannedAttempt = { caseId: c.id, arm: arm.arm, repeat: i, tags: c.tags, request, graders, varsHash: c.varsHash };
        if (loop) attempt.loop = loop;
        attempts.push(attempt);
      }
    }
  }
  replay.addTo(arms);
  return { arms, attempts };
}

/**
 * The arms of one case's repeat in a seeded order of their own (a shuffle drawn from the
 * suite's seed, the case and the repeat): arms are interleaved case by case, and no arm is
 * always the first to reach an endpoint, so warm-up and a real API's prompt cache favour
 * none (docs/design/architecture.md §6, "Arrival order").
 */
function armOrder(arms: readonly PlannedArm[], seed: number, caseId: string, repeat: number): readonly PlannedArm[] {
  if (arms.length < 2) return arms;
  const rng = rngFrom(seed, "arm-order", caseId, repeat);
  const order = [...arms];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

function buildRequest(prompt: SuitePrompt, arm: PlannedArm, r: RenderedPrompt, attempt: string): GenerateRequest {
  const req: GenerateRequest = { api: arm.target.api, model: arm.target.model, messages: r.messages, params: arm.params, attempt, stream: arm.target.stream };
  if (r.instructions !== undefined) req.instructions = r.instructions;
  if (prompt.output) req.output = prompt.output;
  if (prompt.tools) req.tools = prompt.tools;
  if (prompt.tool_choice !== undefined) req.toolChoice = prompt.tool_choice;
  return req;
}
