import { isToolAnswer, type AnswerIndexEntry } from "../core/sim-answers.js";
import { parseAttemptTag } from "../core/ids.js";
import { rngFrom } from "../core/random.js";
import { sha256 } from "../core/hash.js";
import type { SimConfig, SimJudgeFaults } from "../core/sim-config.js";
import { behaviourFor } from "./behaviour.js";
import type { ComposedReply } from "./compose.js";
import { breakJson, REFUSAL_TEXT } from "./perturb.js";
import type { AnswerPlacer } from "./placement.js";
import { userTextsLatestFirst, type JsonSchema, type SimRequest } from "./sim-request.js";

/**
 * Judge requests (docs/graders.md, "Judges on the simulator"): evalgate's model-graded graders ask for
 * structured output under a schema named `evalgate_judge_<kind>`, with the judged output,
 * the case's input and any reference in tagged sections of the prompt. The simulator
 * answers them with a verdict derived from how close the judged output is to the case's
 * answer, so a judge scores a correct output high and a perturbed one low, deterministically.
 */
export type JudgeKind = "rubric" | "label" | "score" | "factuality" | "closed_qa" | "pairwise";

export interface JudgeRequest {
  kind: JudgeKind;
  schema: JsonSchema;
  /** A stable key of the request's content: draws and the cache of repeats derive from it. */
  key: string;
  output: string;
  input: string | null;
  reference: string | null;
  /** A pairwise request's two answers, A then B (the `<answer_a>` and `<answer_b>` sections). */
  answers: [string, string] | null;
}

const KINDS = new Set<string>(["rubric", "label", "score", "factuality", "closed_qa", "pairwise"]);

export function recognizeJudgeRequest(req: SimRequest): JudgeRequest | null {
  if (req.format.type !== "json_schema") return null;
  const m = /^evalgate_judge_([a-z_]+)$/.exec(req.format.name);
  if (!m || !KINDS.has(m[1]!)) return null;
  const text = userTextsLatestFirst(req)[0] ?? "";
  return {
    kind: m[1] as JudgeKind,
    schema: req.format.schema,
    key: sha256(`${req.format.name}\u0000${text}`).slice(0, 24),
    output: section(text, "output", "last") ?? text,
    input: section(text, "input", "first"),
    reference: section(text, "reference", "first"),
    answers: m[1] === "pairwise" ? pairOf(text) : null,
  };
}

/** `<answer_a>` to the last `</answer_a>` before `<answer_b>`, and `<answer_b>` to the last `</answer_b>`. */
function pairOf(text: string): [string, string] | null {
  const b = text.lastIndexOf("<answer_b>");
  if (b < 0) return null;
  const a = section(text.slice(0, b), "answer_a", "last");
  const second = section(text.slice(b), "answer_b", "last");
  return a === null || second === null ? null : [a, second];
}

/** The text between `<tag>` and `</tag>`: to the first close tag, or to the last (the judged output may contain tags). */
function section(text: string, tag: string, close: "first" | "last"): string | null {
  const open = text.indexOf(`<${tag}>`);
  if (open < 0) return null;
  const start = open + tag.length + 2;
  const end = close === "first" ? text.indexOf(`</${tag}>`, start) : text.lastIndexOf(`</${tag}>`);
  return end < start ? null : text.slice(start, end).trim();
}

export interface JudgeContext {
  config: SimConfig;
  model: string;
  attemptHeader: string | undefined;
  placer: AnswerPlacer;
}

type Verdict = { value: unknown; note: string };

/** The reply to a judge request: a verdict, or one of the model's configured judge faults. */
export function composeJudgeReply(judge: JudgeRequest, ctx: JudgeContext): ComposedReply {
  const faults = judgeFaultsOf(ctx.config, ctx.model);
  const fault = drawJudgeFault(ctx.config.seed, ctx.model, judge.key, faults);
  if (fault === "refusal") return { content: { kind: "refusal", text: REFUSAL_TEXT }, truncated: false, perturbation: "judge_refusal" };
  const expected = expectedTexts(judge, ctx);
  if (judge.kind === "pairwise") return pairwiseReply(judge, ctx, expected, fault);
  const close = expected.length > 0 ? Math.max(...expected.map((e) => closeness(judge.output, e))) : rngFrom(ctx.config.seed, "judge", ctx.model, judge.key)();
  const source = expected.length > 0 ? "the case's expected answer" : "nothing (no case answer found; a seeded draw)";
  const verdict = fault === "out_of_range" ? outOfRange(judge) : verdictFor(judge, close);
  const key = verdictKey(judge.kind);
  const reasoning = `Simulated judge: the output's closeness to ${source} is ${close.toFixed(2)} (word-sequence F1); ${verdict.note}.`;
  let json = JSON.stringify({ reasoning, [key]: verdict.value });
  if (fault === "invalid_json") json = breakJson(json);
  return { content: { kind: "text", text: json }, truncated: false, perturbation: fault ? `judge_${fault}` : null };
}

/** How close a text is to the nearest of the expected texts; null when there is none. */
function nearest(text: string, expected: readonly string[]): number | null {
  return expected.length > 0 ? Math.max(...expected.map((e) => closeness(text, e))) : null;
}

/** Closeness differences up to this much are a tie: the same answer in other words. */
export const PAIRWISE_TIE = 0.05;

/**
 * A pairwise verdict (docs/graders.md "Judges on the simulator"): the answer closer to the
 * case's expected answer wins, a tie within PAIRWISE_TIE. With probability 1 − the judge
 * model's accuracy it prefers answer A whatever it read — a position bias, drawn from the
 * request's content, which asking in both orders cancels.
 */
function pairwiseReply(judge: JudgeRequest, ctx: JudgeContext, expected: readonly string[], fault: JudgeFault | null): ComposedReply {
  const [a, b] = judge.answers ?? [judge.output, ""];
  const draw = rngFrom(ctx.config.seed, "judge-pairwise", ctx.model, judge.key);
  const closeA = nearest(a, expected) ?? draw();
  const closeB = nearest(b, expected) ?? draw();
  const biased = draw() >= behaviourFor(ctx.config, ctx.model).accuracy;
  const winner = fault === "out_of_range" ? "both" : biased ? "A" : Math.abs(closeA - closeB) <= PAIRWISE_TIE ? "tie" : closeA > closeB ? "A" : "B";
  const source = expected.length > 0 ? "the case's expected answer" : "nothing (no case answer found; seeded draws)";
  const why = biased ? "preferred the first answer it read (a simulated position bias)" : `winner ${winner}`;
  const reasoning = `Simulated judge: closeness to ${source} is ${closeA.toFixed(2)} for answer A and ${closeB.toFixed(2)} for answer B (word-sequence F1); ${why}.`;
  let json = JSON.stringify({ reasoning, winner });
  if (fault === "invalid_json") json = breakJson(json);
  return { content: { kind: "text", text: json }, truncated: false, perturbation: fault ? `judge_${fault}` : biased ? "judge_position_bias" : null };
}

function judgeFaultsOf(config: SimConfig, model: string): SimJudgeFaults | null {
  return (config.models[model] ?? config.models.default)?.judge ?? null;
}

type JudgeFault = "invalid_json" | "refusal" | "out_of_range";

/** Drawn from the request's content, so a retried or cached judge call draws the same. */
function drawJudgeFault(seed: number, model: string, key: string, faults: SimJudgeFaults | null): JudgeFault | null {
  if (!faults) return null;
  const u = rngFrom(seed, "judge-fault", model, key)();
  let edge = faults.invalid_json;
  if (u < edge) return "invalid_json";
  edge += faults.refusal;
  if (u < edge) return "refusal";
  edge += faults.out_of_range;
  return u < edge ? "out_of_range" : null;
}

/** The texts the judged output is measured against: the reference (factuality), else the case's answer and its values. */
function expectedTexts(judge: JudgeRequest, ctx: JudgeContext): string[] {
  if (judge.kind === "factuality" && judge.reference !== null) return [judge.reference];
  const entry = caseEntry(ctx, judge.input);
  if (entry) return answerTexts(entry.answer);
  return judge.reference !== null ? [judge.reference] : [];
}

const byCase = new WeakMap<AnswerPlacer, Map<string, AnswerIndexEntry>>();

/** The judged attempt's case: from the attempt header the judge call carries, else from the input section. */
function caseEntry(ctx: JudgeContext, input: string | null): AnswerIndexEntry | null {
  let map = byCase.get(ctx.placer);
  if (!map) {
    map = new Map(ctx.placer.entries.map((e) => [e.caseId, e]));
    byCase.set(ctx.placer, map);
  }
  const tag = ctx.attemptHeader ? parseAttemptTag(ctx.attemptHeader) : null;
  const hit = tag ? map.get(tag.caseId) : undefined;
  if (hit) return hit;
  return input ? ctx.placer.place([input]) : null;
}

/** A text answer as it is; a map (or a tool call's arguments) as its JSON and each scalar value. */
function answerTexts(answer: AnswerIndexEntry["answer"]): string[] {
  if (typeof answer === "string") return [answer];
  const obj = isToolAnswer(answer) ? answer.arguments : answer;
  const out = [JSON.stringify(obj)];
  const walk = (v: unknown) => {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(obj);
  return out;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * How close two texts are: the F1 of their longest common subsequence of words (as
 * ROUGE-L): 1 for the same words in the same order, low for shuffled or unrelated words.
 */
export function closeness(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.length === 0 && y.length === 0) return 1;
  if (x.length === 0 || y.length === 0) return 0;
  let prev = new Array<number>(y.length + 1).fill(0);
  let cur = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return (2 * prev[y.length]!) / (x.length + y.length);
}

function verdictKey(kind: JudgeKind): string {
  return kind === "label" ? "label" : kind === "factuality" ? "choice" : kind === "closed_qa" ? "answer" : kind === "pairwise" ? "winner" : "score";
}

function verdictFor(judge: JudgeRequest, close: number): Verdict {
  switch (judge.kind) {
    case "rubric":
      return { value: round2(close), note: `score ${round2(close)}` };
    case "score": {
      const { min, max } = rangeOf(judge.schema);
      const raw = min + close * (max - min);
      const value = Number.isInteger(min) && Number.isInteger(max) ? Math.round(raw) : round2(raw);
      return { value, note: `score ${value} of ${min}..${max}` };
    }
    case "label": {
      const label = fittingLabel(labelsOf(judge.schema), judge.output, close);
      return { value: label, note: `label ${label}` };
    }
    case "factuality": {
      const choice = factualityChoice(judge.output, judge.reference ?? "");
      return { value: choice, note: `choice ${choice}` };
    }
    case "closed_qa":
      return { value: close >= 0.5 ? "Y" : "N", note: close >= 0.5 ? "meets the criteria" : "does not meet the criteria" };
    case "pairwise":
      // Answered by pairwiseReply, which reads both answers; a lone output is scored as answer A.
      return { value: close >= 0.5 ? "A" : "B", note: `winner ${close >= 0.5 ? "A" : "B"}` };
  }
}

function propertyOf(schema: JsonSchema, key: string): JsonSchema {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return props[key] ?? {};
}

function rangeOf(schema: JsonSchema): { min: number; max: number } {
  const p = propertyOf(schema, "score");
  return { min: typeof p.minimum === "number" ? p.minimum : 0, max: typeof p.maximum === "number" ? p.maximum : 1 };
}

function labelsOf(schema: JsonSchema): string[] {
  const e = propertyOf(schema, "label").enum;
  return Array.isArray(e) ? e.map(String) : [];
}

/**
 * The label a judge would pick: one the judged output names (as a whole word), else by
 * closeness along the list, read as best first (docs/graders.md).
 */
function fittingLabel(labels: string[], output: string, close: number): string {
  const outWords = ` ${words(output).join(" ")} `;
  const named = labels.find((l) => words(l).length > 0 && outWords.includes(` ${words(l).join(" ")} `));
  if (named) return named;
  return labels[Math.round((1 - close) * (labels.length - 1))] ?? "";
}

/** Autoevals' factuality choices, from word sets: same (C), subset (A), superset (B), near (E), else disagrees (D). */
function factualityChoice(output: string, reference: string): string {
  const o = words(output);
  const r = words(reference);
  if (o.join(" ") === r.join(" ")) return "C";
  const os = new Set(o);
  const rs = new Set(r);
  const inter = [...os].filter((w) => rs.has(w)).length;
  if (inter === os.size && inter === rs.size) return "E";
  if (inter === os.size) return "A";
  if (inter === rs.size) return "B";
  return inter / (os.size + rs.size - inter) >= 0.8 ? "E" : "D";
}

function outOfRange(judge: JudgeRequest): Verdict {
  if (judge.kind === "rubric" || judge.kind === "score") {
    const { min, max } = rangeOf(judge.schema);
    const value = max + Math.max(1, (max - min) / 2);
    return { value, note: `score ${value}` };
  }
  if (judge.kind === "label") {
    const labels = labelsOf(judge.schema);
    const value = labels.includes("unsure") ? "none of these" : "unsure";
    return { value, note: `label ${value}` };
  }
  const value = judge.kind === "factuality" ? "F" : "maybe";
  return { value, note: `answer ${value}` };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
