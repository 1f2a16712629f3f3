import { isSequenceAnswer, parseAttemptTag, rngFrom, sha256, type AnswerIndex, type SimConfig } from "../core/index.js";
import { answerRng, behaviourFor, caseDifficulty, drawFault, reasoningTokens, type FaultKind, type ModelBehaviour } from "./behaviour.js";
import { composeAnswer, composeGeneric, type ComposedReply, type ComposeInput, type ReplyContent } from "./compose.js";
import { composeSequence } from "./compose-sequence.js";
import { composeJudgeReply, recognizeJudgeRequest } from "./judge.js";
import { AnswerPlacer } from "./placement.js";
import { toolResultsAfterLastUser, transcriptParts, userTextsLatestFirst, type SimRequest } from "./sim-request.js";
import { CACHE_MIN_TOKENS, countTokens, encodeText, PrefixCache, truncateToTokens } from "./tokens.js";
import { invalidRequest } from "./wire-errors.js";

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

/** Everything needed to write one generation's response, in either wire format. */
export interface Generation {
  model: string;
  content: ReplyContent;
  finish: FinishReason;
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

/** The simulator's memory: counters for repeats and retries, and the prompt cache. */
export class SimEngine {
  private readonly placer: AnswerPlacer;
  private readonly repeats = new Map<string, number>();
  private readonly occurrences = new Map<string, number>();
  private readonly cache = new PrefixCache();
  /** A case's difficulty is a pure function of (seed, case): drawn once per case. */
  private readonly difficulty = new Map<string, number>();

  constructor(readonly config: SimConfig, answerIndex: AnswerIndex | undefined) {
    this.placer = new AnswerPlacer(answerIndex);
  }

  /** `seq`: the request's number on this server (ids derive from it). */
  generate(req: SimRequest, attemptHeader: string | undefined, seq: number): Generation {
    const behaviour = behaviourFor(this.config, req.model);
    if (behaviour.reasoning) rejectUnsupportedParams(req);
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
    const composed = judge
      ? composeJudgeReply(judge, { config: this.config, model: req.model, attemptHeader, placer: this.placer })
      : entry
      ? composeFor({
          req, entry, entries: this.placer.entries, accuracy: behaviour.accuracy,
          difficulty: this.difficultyOf(entry.caseId), rng: answerRng(seed, req.model, entry.caseId, repeat),
        })
      : composeGeneric(req);
    const reasoning = behaviour.reasoning ? reasoningTokens(seed, req.model, caseKey, repeat, req.reasoningEffort) : 0;
    const { content, finish, usage } = this.finish(req, composed, reasoning);
    return {
      model: req.model, content, finish, usage, reasoningModel: behaviour.reasoning,
      caseId: entry?.caseId ?? null, repeat, perturbation: composed.perturbation, fault,
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

  /** Usage, and the output cap: reasoning first, then the visible answer, cut where the cap falls. */
  private finish(req: SimRequest, composed: ComposedReply, reasoning: number): { content: ReplyContent; finish: FinishReason; usage: SimUsage } {
    const parts = transcriptParts(req);
    let input = 0;
    for (const part of parts) input += countTokens(part);
    // Only a prompt long enough to be cached needs its tokens.
    const cached = input < CACHE_MIN_TOKENS ? 0 : this.cache.lookupAndStore(req.model, parts.flatMap((p) => encodeText(p)));
    let content = composed.content;
    let output = outputTokens(content);
    let truncated = composed.truncated;
    const cap = req.maxOutputTokens;
    if (cap !== null && reasoning + output > cap) {
      truncated = true;
      reasoning = Math.min(reasoning, cap);
      content = cutContent(content, cap - reasoning);
      output = outputTokens(content);
    }
    const finish: FinishReason = truncated ? "length" : content.kind === "tool_call" ? "tool_calls" : "stop";
    return { content, finish, usage: { input, cached, output: output + reasoning, reasoning } };
  }
}

/** A case's reply: a tool loop's step for a sequence answer, else the answer. */
function composeFor(input: ComposeInput): ComposedReply {
  return isSequenceAnswer(input.entry.answer) ? composeSequence(input, input.entry.answer) : composeAnswer(input);
}

/** What reasoning models refuse, with the real API's wording. */
function rejectUnsupportedParams(req: SimRequest): void {
  if (req.temperatureSent) {
    throw invalidRequest("Unsupported parameter: 'temperature' is not supported with this model.", "temperature", "unsupported_parameter");
  }
  if (req.legacyMaxTokensSent) {
    throw invalidRequest(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      "max_tokens",
      "unsupported_parameter",
    );
  }
}

function outputTokens(content: ReplyContent): number {
  return content.kind === "tool_call" ? countTokens(content.name) + countTokens(content.arguments) : countTokens(content.text);
}

function cutContent(content: ReplyContent, budget: number): ReplyContent {
  if (content.kind === "tool_call") return { ...content, arguments: truncateToTokens(content.arguments, budget - countTokens(content.name)) };
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
