import OpenAI from "openai";
import type { ChatCompletionCreateParams } from "openai/resources/chat/completions";
import type { ResponseCreateParams } from "openai/resources/responses/responses";
import type { Stream } from "openai/streaming";
import { MODELLED_LATENCY_HEADER } from "../../core/index.js";
import { requestOptions, type ClientSettings, type Transport, type TransportCall, type TransportReply } from "./transport.js";

/** The SDK client every transport keeps: its own retries off (our loop counts every try). */
export function createSdkClient(settings: ClientSettings, fetch?: typeof globalThis.fetch): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey,
    baseURL: settings.baseURL,
    maxRetries: 0,
    // Our deadline (tryDeadline) fires first; this is a backstop.
    timeout: settings.timeoutMs + 5_000,
    ...(fetch ? { fetch } : {}),
  });
}

/**
 * The SDK path: `client.chat.completions.create` / `client.responses.create` with the SDK's
 * fetch and stream parsing. Its fetch is wrapped to notice chat's `[DONE]` (the SDK ends a
 * stream quietly without it); what each response saw is kept beside that response, so
 * concurrent tries never mix.
 */
export function createSdkTransport(settings: ClientSettings): Transport {
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
  const client = createSdkClient(settings, sniffingFetch);

  async function send(call: TransportCall): Promise<TransportReply> {
    const options = requestOptions(call.attempt, call.deadline.signal);
    const result = call.api === "chat"
      ? await client.chat.completions.create(call.body as ChatCompletionCreateParams, options).withResponse()
      : await client.responses.create(call.body as ResponseCreateParams, options).withResponse();
    const streamed = isStream(result.data);
    call.onHeaders({
      requestId: result.request_id ?? result.response.headers.get("x-request-id"),
      modelledLatency: result.response.headers.get(MODELLED_LATENCY_HEADER),
      streamed,
    });
    if (!streamed) return { streamed: false, data: result.data };
    for await (const event of result.data as Stream<unknown>) call.onEvent(event);
    return { streamed: true, sawDone: done.get(result.response)?.sawDone === true };
  }

  return { client, send };
}

function isStream(data: unknown): data is Stream<unknown> {
  return typeof data === "object" && data !== null && Symbol.asyncIterator in data;
}
