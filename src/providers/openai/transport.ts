import OpenAI from "openai";
import { ATTEMPT_HEADER } from "../../core/index.js";

export interface ClientSettings {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
}

/** One SDK client per provider, shared by every try (a client per try cost more than its request). */
export interface Transport {
  client: OpenAI;
  /** Whether this response's SSE body carried `data: [DONE]` (the SDK swallows it); false until read. */
  sawDone(response: Response): boolean;
}

/**
 * The provider's client. The SDK's own retries are off (our loop counts every try), and its
 * fetch is wrapped to notice chat's `[DONE]`: the SDK ends a stream quietly without it. What
 * each streamed response saw is kept beside that response, so concurrent tries never mix.
 */
export function createTransport(settings: ClientSettings): Transport {
  const done = new WeakMap<Response, { sawDone: boolean }>();
  const sniffingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (!res.body || !(res.headers.get("content-type") ?? "").includes("text/event-stream")) return res;
    const seen = { sawDone: false };
    const decoder = new TextDecoder();
    let tail = "\n";
    const watch = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const text = tail + decoder.decode(chunk, { stream: true });
        if (/\ndata: ?\[DONE\]/.test(text)) seen.sawDone = true;
        tail = text.slice(-16);
        controller.enqueue(chunk);
      },
    });
    const watched = new Response(res.body.pipeThrough(watch), { status: res.status, statusText: res.statusText, headers: res.headers });
    done.set(watched, seen);
    return watched;
  };
  const client = new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    maxRetries: 0,
    // Our deadline (below) fires first; this is a backstop.
    timeout: settings.timeoutMs + 5_000,
    fetch: sniffingFetch,
  });
  return { client, sawDone: (response) => done.get(response)?.sawDone === true };
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
