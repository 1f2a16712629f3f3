import type { EmbeddingRequest } from "../../core/index.js";
import type { Embeddings } from "../provider.js";
import type { TryOutcome } from "../retry.js";
import { classifyError } from "./classify-error.js";
import { renderEmbeddingRequest } from "./render-embeddings.js";
import { requestOptions, tryDeadline, type ClientSettings, type Transport } from "./transport.js";

export interface EmbedTryContext {
  settings: ClientSettings;
  /** The provider's shared client. */
  transport: Transport;
  request: EmbeddingRequest;
  now: () => number;
  signal?: AbortSignal;
}

/** One embeddings request; vectors in input order. */
export async function tryEmbed(ctx: EmbedTryContext): Promise<TryOutcome<Embeddings>> {
  const deadline = tryDeadline(ctx.settings.timeoutMs, ctx.signal);
  const body = renderEmbeddingRequest(ctx.request);
  const started = ctx.now();
  try {
    const { client } = ctx.transport;
    const { data, request_id } = await client.embeddings
      .create(body, requestOptions(ctx.request.attempt, deadline.signal))
      .withResponse();
    const vectors = [...data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    const embeddings: Embeddings = {
      model: data.model,
      vectors,
      usage: data.usage ? { inputTokens: data.usage.prompt_tokens, totalTokens: data.usage.total_tokens } : null,
      latencyMs: ctx.now() - started,
      requestId: request_id ?? null,
      raw: { request: body, response: data },
    };
    return { ok: true, value: embeddings };
  } catch (e) {
    const c = classifyError(e, deadline.why());
    return { ok: false, error: c.error, retryAfterMs: c.retryAfterMs, raw: { request: body, response: (e as { error?: unknown }).error } };
  } finally {
    deadline.clear();
  }
}
