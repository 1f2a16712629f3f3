import { isSequenceAnswer, type AnswerIndex } from "../core/sim-answers.js";
import { parseAttemptTag } from "../core/ids.js";
import { rngFrom } from "../core/random.js";
import { sha256 } from "../core/hash.js";
import type { SimConfig } from "../core/sim-config.js";
import { answerRng, behaviourFor, caseDifficulty, drawFault, reasoningTokens, type FaultKind, type ModelBehaviour } from "./behaviour.js";
import { composeAnswer, composeGeneric, type ComposedReply, type ComposeInput, type ReplyContent } from "./compose.js";
import { composeSequence } from "./compose-sequence.js";
import { composeJudgeReply, recognizeJudgeRequest } from "./judge.js";
import { AnswerPlacer } from "./placement.js";
import { toolResultsAfterLastUser, transcriptParts, userTextsLatestFirst, type SimRequest } from "./sim-request.js";
import { cachedPrefixTokens, CACHE_MIN_TOKENS, countTokens, encodeText, truncateToTokens } from "./tokens.js";
import { imageInputTokens } from "./image-inputs.js";

export type FinishReason = "stop" | "length" | "tool_calls";

export interface SimUsage {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

export interface LatencyPlan {
  ttftMs: number;
  /** Delay per output token once the first token is out. */
  perTokenMs: number;
}

/** One choice of a reply (Chat's `n` asks for several; Responses always has one). */
export interface Choice {
  content: ReplyContent;
  finish: FinishReason;
}

/** Everything needed to write one generation's response, in either wire format. */
export interface Generation {
  model: string;
  /** The first choice's content and finish (the only one unless Chat's `n` > 1). */
  content: ReplyContent;
  finish: FinishReason;
  choices: Choice[];
  /** The request, for what it asks of the rendering (logprobs, reasoning summary, encrypted reasoning). */
  request: SimRequest;
  usage: SimUsage;
  reasoningModel: boolean;
  caseId: string | null;
  repeat: number;
  perturbation: string | null;
  fault: FaultKind | null;
  latency: LatencyPlan | null;
  /** Sequence number of this request on this server: ids derive from it. */
  seq: number;
}

/** What decides a prompt's cached tokens (tokens.ts cachedPrefixTokens): the repeat, or the request's own seed. */
interface CacheDraw {
  seed: number;
  drawKey: number | string;
  hitRate: number;
}

/** The simulator's memory: counters for repeats and retries. */
export class SimEngine {
  private readonly placer: AnswerPlacer;
  private readonly repeats = new Map<string, number>();
  private readonly occurrences = new Map<string, number>();
  /** A case's difficulty is a pure function of (seed, case): drawn once per case. */
  private readonly difficulty = new Map<string, number>();

  constructor(readonly config: SimConfig, answerIndex: AnswerIndex | undefined) {
    this.placer = new AnswerPlacer(answerIndex);
  }

  /** `seq`: the request's number on this server (ids derive from it). */
  generate(req: SimRequest, attemptHeader: string | undefined, seq: number): Generation {
    const behaviour = behaviourFor(this.config, req.model);
    // A judge request quotes the case's input: it must not be placed on the case as an attempt.
    const judge = recognizeJudgeRequest(req);
    const entry = judge ? null : this.placer.place(userTextsLatestFirst(req));
    const caseKey = entry ? entry.caseId : judge ? `judge:${judge.key}` : `generic:${sha256(userTextsLatestFirst(req)[0] ?? "").slice(0, 16)}`;
    const tag = attemptHeader ? parseAttemptTag(attemptHeader) : null;
    const repeat = tag ? tag.repeat : this.countRepeat(req, caseKey);
    // A judge call carries the judged attempt's tag: its fault draws are kept apart from that attempt's.
    const attemptKey = judge ? `${caseKey}\u0000${attemptHeader ?? repeat}` : (attemptHeader ?? `${req.api}\u0000${caseKey}\u0000${repeat}`);
    const occurrence = this.bump(this.occurrences, `${req.model}\u0000${attemptKey}`);
    const { seed } = this.config;
    const fault = drawFault(seed, req.model, attemptKey, occurrence, behaviour.faults, req.stream);
    // A request `seed` makes the draws a function of the seed, not of the repeat: the same seed and request, the same reply.
    const drawKey: number | string = req.seed === null ? repeat : `seed:${req.seed}`;
    const compose = (choice: number): ComposedReply => judge
      ? composeJudgeReply(judge, { config: this.config, model: req.model, attemptHeader, placer: this.placer })
      : entry
      ? composeFor({
          req, entry, entries: this.placer.entries, accuracy: behaviour.accuracy,
          difficulty: this.difficultyOf(entry.caseId), rng: choiceRng(seed, req.model, entry.caseId, drawKey, choice),
        })
      : composeGeneric(req);
    const composed = Array.from({ length: req.n }, (_, i) => compose(i));
    const reasoning = behaviour.reasoning ? reasoningTokens(seed, req.model, caseKey, drawKey, req.reasoningEffort) : 0;
    const cacheDraw = { seed, drawKey, hitRate: behaviour.cacheHitRate };
    const { choices, usage } = this.finish(req, composed, reasoning, cacheDraw);
    const first = choices[0]!;
    return {
      model: req.model, content: first.content, finish: first.finish, choices, request: req, usage, reasoningModel: behaviour.reasoning,
      caseId: entry?.caseId ?? null, repeat, perturbation: composed[0]!.perturbation, fault,
      latency: latencyPlan(behaviour, seed, req.model, caseKey, repeat, occurrence), seq,
    };
  }

  private difficultyOf(caseId: string): number {
    let d = this.difficulty.get(caseId);
    if (d === undefined) this.difficulty.set(caseId, (d = caseDifficulty(this.config.seed, caseId)));
    return d;
  }

  /**
   * Without the attempt header: how many requests for this case and model came before, per
   * API. A request carrying tool results after the user's turn continues the last attempt (a
   * tool loop's next step), so it takes that attempt's repeat rather than a new one.
   */
  private countRepeat(req: SimRequest, caseKey: string): number {
    const key = `${req.api}\u0000${req.model}\u0000${caseKey}`;
    if (toolResultsAfterLastUser(req).length > 0) return Math.max(0, (this.repeats.get(key) ?? 1) - 1);
    return this.bump(this.repeats, key);
  }

  private bump(map: Map<string, number>, key: string): number {
    const n = map.get(key) ?? 0;
    map.set(key, n + 1);
    return n;
  }

  /** Usage, stop sequences and the output cap: reasoning first, then each choice's visible answer, cut where the cap falls. */
  private finish(req: SimRequest, composed: ComposedReply[], reasoning: number, cache: CacheDraw): { choices: Choice[]; usage: SimUsage } {
    const parts = transcriptParts(req);
    let input = 0;
    for (const part of parts) input += countTokens(part);
    input += imageInputTokens(req.model, req.images);
    // Only a prompt long enough to be cached needs its tokens.
    const cached = input < CACHE_MIN_TOKENS ? 0 : cachedPrefixTokens(cache.seed, req.model, cache.drawKey, cache.hitRate, parts.flatMap((p) => encodeText(p)));
    const cap = req.maxOutputTokens;
    if (cap !== null) reasoning = Math.min(reasoning, cap);
    let output = 0;
    const choices = composed.map((c): Choice => {
      let content = c.content;
      let truncated = c.truncated;
      const stopped = stopAt(content, req.stop);
      if (stopped) [content, truncated] = [stopped, false];
      if (cap !== null && reasoning + outputTokens(content) > cap) {
        truncated = true;
        content = cutContent(content, cap - reasoning);
      }
      output += outputTokens(content);
      return { content, finish: truncated ? "length" : content.kind === "tool_call" ? "tool_calls" : "stop" };
    });
    return { choices, usage: { input, cached, output: output + reasoning, reasoning } };
  }
}

/** A case's reply: a tool loop's step for a sequence answer, else the answer. */
function composeFor(input: ComposeInput): ComposedReply {
  return isSequenceAnswer(input.entry.answer) ? composeSequence(input, input.entry.answer) : composeAnswer(input);
}

/** Choice 0 draws from the attempt's answer stream; further choices from streams of their own. */
function choiceRng(seed: number, model: string, caseId: string, drawKey: number | string, choice: number): () => number {
  return choice === 0 ? answerRng(seed, model, caseId, drawKey) : answerRng(seed, model, caseId, `${drawKey}/choice-${choice}`);
}

/** Text cut before its first stop sequence (the sequence itself is not returned), or null when none occurs. */
function stopAt(content: ReplyContent, stop: string[]): ReplyContent | null {
  if (stop.length === 0 || content.kind !== "text") return null;
  let at = -1;
  for (const s of stop) {
    const i = s.length > 0 ? content.text.indexOf(s) : -1;
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  return at < 0 ? null : { kind: "text", text: content.text.slice(0, at) };
}

function outputTokens(content: ReplyContent): number {
  if (content.kind !== "tool_call") return countTokens(content.text);
  let n = countTokens(content.name) + countTokens(content.arguments);
  for (const call of content.more ?? []) n += countTokens(call.name) + countTokens(call.arguments);
  return n;
}

function cutContent(content: ReplyContent, budget: number): ReplyContent {
  // A cut reply keeps its first call only, cut short.
  if (content.kind === "tool_call") return { kind: "tool_call", name: content.name, arguments: truncateToTokens(content.arguments, budget - countTokens(content.name)) };
  return { ...content, text: truncateToTokens(content.text, budget) };
}

function latencyPlan(b: ModelBehaviour, seed: number, model: string, caseKey: string, repeat: number, occurrence: number): LatencyPlan | null {
  const lat = b.latency;
  if (!lat || (lat.ttft_ms === 0 && !lat.tokens_per_s)) return null;
  // Without jitter the draws change nothing: skip seeding them.
  const rng = lat.jitter === 0 ? () => 0.5 : rngFrom(seed, "latency", model, caseKey, repeat, occurrence);
  const jitter = (u: number) => 1 + lat.jitter * (2 * u - 1);
  return {
    ttftMs: lat.ttft_ms * jitter(rng()),
    perTokenMs: lat.tokens_per_s ? (1000 / lat.tokens_per_s) * jitter(rng()) : 0,
  };
}
