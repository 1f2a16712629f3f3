import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { Response, ResponseCreateParams, ResponseStreamEvent } from "openai/resources/responses/responses";
import { eventsFromTexts, parseModelledLatency, type AttemptError, type GenerateRequest, type Latency, type Output } from "../../core/index.js";
import type { TryOutcome } from "../retry.js";
import { classifyError } from "./classify-error.js";
import { normalizeChatCompletion, ChatStreamAssembler } from "./normalize-chat.js";
import type { NormalizeContext, NormalizeResult } from "./normalize-common.js";
import { normalizeResponse, ResponsesStreamAssembler } from "./normalize-responses.js";
import { tryDeadline, type ClientSettings, type ReplyHead, type Transport } from "./transport.js";

export interface TryContext {
  settings: ClientSettings;
  /** The provider's shared client. */
  transport: Transport;
  request: GenerateRequest;
  body: ChatCompletionCreateParams | ResponseCreateParams;
  now: () => number;
  signal?: AbortSignal;
}

/** One HTTP request for an attempt, normalized; errors classified, never thrown. */
export async function tryGenerate(ctx: TryContext): Promise<TryOutcome<Output>> {
  const deadline = tryDeadline(ctx.settings.timeoutMs, ctx.signal);
  const started = ctx.now();
  const seen: { head: ReplyHead | null } = { head: null };
  // A stream's events: their JSON texts when the transport gives them (the raw response is
  // made from those, core/json-text.ts), else the parsed events (the SDK's transport).
  const events: unknown[] = [];
  const eventTexts: string[] = [];
  const streamed = () => (eventTexts.length > 0 ? eventsFromTexts(eventTexts) : { events });
  const folder = streamFolder(ctx.request.api, ctx.now);
  try {
    const reply = await ctx.transport.send({
      api: ctx.request.api,
      body: ctx.body,
      attempt: ctx.request.attempt,
      deadline,
      onHeaders: (head) => (seen.head = head),
      onEvent: (event, text) => {
        if (text !== undefined) eventTexts.push(text);
        else events.push(event);
        folder.push(event);
      },
    });
    const requestId = seen.head?.requestId ?? null;
    const modelled = parseModelledLatency(seen.head?.modelledLatency ?? null);
    const normCtx = (ttft: number | null): NormalizeContext => ({
      request: ctx.request,
      body: ctx.body,
      latency: measuredLatency(ttft === null ? null : ttft - started, ctx.now() - started, modelled),
      requestId,
    });
    const outcome = reply.streamed
      ? folder.finish(reply.sawDone, requestId, streamed(), normCtx)
      : normalizeWhole(ctx.request, reply.data as ChatCompletion | Response, normCtx(null));
    if (outcome.ok) return { ok: true, value: outcome.output };
    const raw = { request: ctx.body, response: reply.streamed ? streamed() : reply.data };
    // Our deadline ended the stream: the SDK stops quietly, so say why.
    const error = deadline.why() === null ? outcome.error : censored({ ...classifyError(null, deadline.why()).error, requestId }, ctx.settings.timeoutMs);
    return { ok: false, error, retryAfterMs: null, raw };
  } catch (e) {
    const c = classifyError(e, deadline.why());
    if (c.error.requestId === null) c.error.requestId = seen.head?.requestId ?? null;
    if (deadline.why() === "timeout") c.error = censored(c.error, ctx.settings.timeoutMs);
    // The stream had begun, then the connection broke: the answer is cut, not complete.
    if (seen.head?.streamed === true && (c.error.kind === "connection" || c.error.kind === "unknown")) {
      c.error = { ...c.error, kind: "stream_ended_early", message: `stream ended early: ${c.error.message}`, retryable: true };
    }
    return failed(c, ctx.body, events.length + eventTexts.length > 0 ? streamed() : undefined, (e as { error?: unknown }).error);
  } finally {
    deadline.clear();
  }
}

/** The wall clock, or the simulator's modelled latency with the wall clock kept beside it. */
function measuredLatency(ttftMs: number | null, totalMs: number, modelled: { totalMs: number; ttftMs: number } | null): Latency {
  if (!modelled) return { ttftMs, totalMs };
  return { ttftMs: ttftMs === null ? null : modelled.ttftMs, totalMs: modelled.totalMs, observed: { ttftMs, totalMs } };
}

/** Our deadline ended the try: its latency is known to exceed the timeout, and is kept censored there. */
function censored(error: AttemptError, timeoutMs: number): AttemptError {
  return error.kind === "timeout" ? { ...error, timeoutMs } : error;
}

function failed(
  c: ReturnType<typeof classifyError>,
  body: unknown,
  streamed: { readonly events: unknown[] } | undefined,
  errorBody?: unknown,
): TryOutcome<Output> {
  const response = streamed ?? errorBody;
  return { ok: false, error: c.error, retryAfterMs: c.retryAfterMs, raw: { request: body, response } };
}

function normalizeWhole(req: GenerateRequest, data: ChatCompletion | Response, ctx: NormalizeContext): NormalizeResult<Output> {
  return req.api === "chat" ? normalizeChatCompletion(data as ChatCompletion, ctx) : normalizeResponse(data as Response, ctx);
}

/** Folds a stream's events as they arrive (its API's assembler) and normalizes what they made. */
interface StreamFolder {
  push(event: unknown): void;
  finish(sawDone: boolean, requestId: string | null, response: { events: unknown[] }, normCtx: (ttft: number | null) => NormalizeContext): NormalizeResult<Output>;
}

function streamFolder(api: GenerateRequest["api"], now: () => number): StreamFolder {
  if (api === "chat") {
    const acc = new ChatStreamAssembler();
    return {
      push: (event) => acc.push(event as ChatCompletionChunk, now()),
      finish(sawDone, requestId, response, normCtx) {
        const done = acc.finish(sawDone, requestId);
        return done.ok ? normalizeChatCompletion(done.output, normCtx(acc.firstTokenAt), response) : done;
      },
    };
  }
  const acc = new ResponsesStreamAssembler();
  return {
    push: (event) => acc.push(event as ResponseStreamEvent, now()),
    finish(_sawDone, requestId, response, normCtx) {
      const done = acc.finish(requestId);
      return done.ok ? normalizeResponse(done.output, normCtx(acc.firstTokenAt), response) : done;
    },
  };
}
