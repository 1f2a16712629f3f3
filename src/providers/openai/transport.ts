import OpenAI from "openai";
import { ATTEMPT_HEADER } from "../../core/index.js";

export interface ClientSettings {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
}

/** What one try learned about its transport. */
export interface TryTransport {
  client: OpenAI;
  /** Whether the SSE body carried `data: [DONE]` (the SDK swallows it). */
  sawDone: boolean;
}

/**
 * A client for one try. The SDK's own retries are off (our loop counts every try), and its
 * fetch is wrapped to notice chat's `[DONE]`: the SDK ends a stream quietly without it.
 */
export function clientForTry(settings: ClientSettings): TryTransport {
  const transport = { sawDone: false } as TryTransport;
  const sniffingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body || !(res.headers.get("content-type") ?? "").includes("text/event-stream")) return res;
    const decoder = new TextDecoder();
    let tail = "\n";
    const watch = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const text = tail + decoder.decode(chunk, { stream: true });
        if (/\ndata: ?\[DONE\]/.test(text)) transport.sawDone = true;
        tail = text.slice(-16);
        controller.enqueue(chunk);
      },
    });
    return new Response(res.body.pipeThrough(watch), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
  transport.client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    maxRetries: 0,
    // Our deadline (below) fires first; this is a backstop.
    timeout: settings.timeoutMs + 5_000,
    fetch: sniffingFetch,
  });
  return transport;
}

/** A signal that aborts at the try's deadline or when the caller cancels, and says which. */
export interface TryDeadline {
  signal: AbortSignal;
  why(): "timeout" | "cancelled" | null;
  clear(): void;
}

export function tryDeadline(timeoutMs: number, outer?: AbortSignal): TryDeadline {
  const controller = new AbortController();
  let why: "timeout" | "cancelled" | null = null;
  const onOuter = () => {
    why ??= "cancelled";
    controller.abort();
  };
  const timer = setTimeout(() => {
    why ??= "timeout";
    controller.abort();
  }, timeoutMs);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener("abort", onOuter, { once: true });
  return {
    signal: controller.signal,
    why: () => why,
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onOuter);
    },
  };
}

export function requestOptions(attempt: string, signal: AbortSignal) {
  return { headers: { [ATTEMPT_HEADER]: attempt }, signal, maxRetries: 0 };
}
