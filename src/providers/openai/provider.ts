import { scrubSecrets, type AttemptError, type EmbeddingRequest, type GenerateRequest, type Output } from "../../core/index.js";
import type { EmbedResult, GenerateResult, Provider, RawCall } from "../provider.js";
import { withRetries, type RetryInfo, type RetryResult } from "../retry.js";
import { tryEmbed } from "./try-embed.js";
import { tryGenerate } from "./try-generate.js";
import { renderEmbeddingRequest } from "./render-embeddings.js";
import { renderRequest } from "./render.js";
import { createLeanTransport } from "./lean-transport.js";
import { createSdkTransport } from "./sdk-transport.js";
import type { TransportKind } from "./transport.js";

export interface OpenAIProviderOptions {
  /** Any OpenAI-compatible endpoint, including `/v1`. */
  baseURL: string;
  apiKey: string;
  /** Per try, from sending the request to the end of the stream. */
  timeoutMs: number;
  /** Retries after the first try. */
  maxRetries: number;
  /** Which code sends create requests (docs/design/providers.md): `lean` (the default) or the SDK's own. */
  transport?: TransportKind;
  /** Forces streaming on (default: each request's own `stream`) or off. */
  stream?: boolean;
  onRetry?: (info: RetryInfo & { attempt: string }) => void;
  /** Injected for tests: the wait between tries. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Milliseconds, for latency; defaults to performance.now. */
  now?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * The OpenAI provider (docs/design/architecture.md §6): Chat Completions and Responses through the official
 * SDK, one retry loop, every error classified into the result. Params are rendered as
 * given: check them first with `prepareRequest` (the suite planner does).
 */
export function createOpenAIProvider(options: OpenAIProviderOptions): Provider {
  const settings = { baseURL: options.baseURL, apiKey: options.apiKey, timeoutMs: options.timeoutMs };
  const transport = options.transport === "sdk" ? createSdkTransport(settings) : createLeanTransport(settings);
  const now = options.now ?? (() => performance.now());
  const policy = (attempt: string) => ({
    maxRetries: options.maxRetries,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.baseDelayMs !== undefined ? { baseDelayMs: options.baseDelayMs } : {}),
    ...(options.maxDelayMs !== undefined ? { maxDelayMs: options.maxDelayMs } : {}),
    onRetry: (info: RetryInfo) => options.onRetry?.({ ...info, attempt }),
  });

  return {
    kind: "openai",
    async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResult> {
      const req = options.stream === undefined ? request : { ...request, stream: options.stream };
      const body = renderRequest(req).body;
      const result = await withRetries<Output>(
        () => tryGenerate({ settings, transport, request: req, body, now, ...(signal ? { signal } : {}) }),
        policy(req.attempt),
        signal,
      );
      return toResult(result, body, options.apiKey, (output, tries) => ({ ok: true, output, tries }));
    },
    async embed(request: EmbeddingRequest, signal?: AbortSignal): Promise<EmbedResult> {
      const result = await withRetries(
        () => tryEmbed({ settings, transport, request, now, ...(signal ? { signal } : {}) }),
        policy(request.attempt),
        signal,
      );
      return toResult(result, renderEmbeddingRequest(request), options.apiKey, (embeddings, tries) => ({ ok: true, embeddings, tries }));
    },
  };
}

function toResult<T, R>(
  result: RetryResult<T>,
  body: unknown,
  apiKey: string,
  success: (value: T, tries: number) => R,
): R | { ok: false; error: AttemptError; tries: number; raw: RawCall } {
  if (result.ok) return success(result.value, result.tries);
  const raw = (result.raw as RawCall | undefined) ?? { request: body };
  // An endpoint may quote the key back ("Incorrect API key provided: sk-…"): mask it
  // before the error reaches the store, the reporters or a CI summary.
  const secrets = [apiKey];
  return { ok: false, error: scrubSecrets(result.error, secrets), tries: result.tries, raw: scrubSecrets(raw, secrets) };
}
