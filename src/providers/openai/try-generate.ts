import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { Response, ResponseCreateParams, ResponseStreamEvent } from "openai/resources/responses/responses";
import type { Stream } from "openai/streaming";
import { MODELLED_LATENCY_HEADER, parseModelledLatency, type AttemptError, type GenerateRequest, type Latency, type Output } from "../../core/index.js";
import type { TryOutcome } from "../retry.js";
import { classifyError } from "./classify-error.js";
import { normalizeChatCompletion, ChatStreamAssembler } from "./normalize-chat.js";
import type { NormalizeContext, NormalizeResult } from "./normalize-common.js";
import { normalizeResponse, ResponsesStreamAssembler } from "./normalize-responses.js";
import { requestOptions, tryDeadline, type ClientSettings, type Transport } from "./transport.js";

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
  const { client } = ctx.transport;
  const options = requestOptions(ctx.request.attempt, deadline.signal);
  const started = ctx.now();
  let requestId: string | null = null;
  let streaming = false;
  const events: unknown[] = [];
  try {
    const result = ctx.request.api === "chat"
      ? await client.chat.completions.create(ctx.body as ChatCompletionCreateParams, options).withResponse()
      : await client.responses.create(ctx.body as ResponseCreateParams, options).withResponse();
    requestId = result.request_id ?? result.response.headers.get("x-request-id");
    const modelled = parseModelledLatency(result.response.headers.get(MODELLED_LATENCY_HEADER));
    const normCtx = (ttft: number | null): NormalizeContext => ({
      request: ctx.request,
      body: ctx.body,
      latency: measuredLatency(ttft === null ? null : ttft - started, ctx.now() - started, modelled),
      requestId,
    });
    streaming = isStream(result.data);
    const outcome = isStream(result.data)
      ? await consumeStream(ctx, result.data, events, () => ctx.transport.sawDone(result.response), requestId, normCtx)
      : normalizeWhole(ctx.request, result.data as ChatCompletion | Response, normCtx(null));
    if (outcome.ok) return { ok: true, value: outcome.output };
    const raw = { request: ctx.body, response: streaming ? { events } : result.data };
    // Our deadline ended the stream: the SDK stops quietly, so say why.
    const error = deadline.why() === null ? outcome.error : censored({ ...classifyError(null, deadline.why()).error, requestId }, ctx.settings.timeoutMs);
    return { ok: false, error, retryAfterMs: null, raw };
  } catch (e) {
    const c = classifyError(e, deadline.why());
    if (c.error.requestId === null) c.error.requestId = requestId;
    if (deadline.why() === "timeout") c.error = censored(c.error, ctx.settings.timeoutMs);
    // The stream had begun, then the connection broke: the answer is cut, not complete.
    if (streaming && (c.error.kind === "connection" || c.error.kind === "unknown")) {
      c.error = { ...c.error, kind: "stream_ended_early", message: `stream ended early: ${c.error.message}`, retryable: true };
    }
    return failed(c, ctx.body, events, (e as { error?: unknown }).error);
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
  events: unknown[],
  errorBody?: unknown,
): TryOutcome<Output> {
  const response = events.length > 0 ? { events } : errorBody;
  return { ok: false, error: c.error, retryAfterMs: c.retryAfterMs, raw: { request: body, response } };
}

function isStream(data: unknown): data is Stream<unknown> {
  return typeof data === "object" && data !== null && Symbol.asyncIterator in data;
}

function normalizeWhole(req: GenerateRequest, data: ChatCompletion | Response, ctx: NormalizeContext): NormalizeResult<Output> {
  return req.api === "chat" ? normalizeChatCompletion(data as ChatCompletion, ctx) : normalizeResponse(data as Response, ctx);
}

async function consumeStream(
  ctx: TryContext,
  stream: Stream<unknown>,
  events: unknown[],
  sawDone: () => boolean,
  requestId: string | null,
  normCtx: (ttft: number | null) => NormalizeContext,
): Promise<NormalizeResult<Output>> {
  if (ctx.request.api === "chat") {
    const acc = new ChatStreamAssembler();
    for await (const chunk of stream as Stream<ChatCompletionChunk>) {
      events.push(chunk);
      acc.push(chunk, ctx.now());
    }
    const done = acc.finish(sawDone(), requestId);
    if (!done.ok) return done;
    return normalizeChatCompletion(done.output, normCtx(acc.firstTokenAt), { events });
  }
  const acc = new ResponsesStreamAssembler();
  for await (const event of stream as Stream<ResponseStreamEvent>) {
    events.push(event);
    acc.push(event, ctx.now());
  }
  const done = acc.finish(requestId);
  if (!done.ok) return done;
  return normalizeResponse(done.output, normCtx(acc.firstTokenAt), { events });
}
