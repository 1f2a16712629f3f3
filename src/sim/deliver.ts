import type { FastifyReply } from "fastify";
import type { Generation } from "./engine.js";
import { MODELLED_LATENCY_HEADER } from "../core/output.js";
import type { Sleeper } from "./sleeper.js";
import type { SseEvent } from "./stream-plan.js";
import { firstTokenDelay, totalDelay } from "./stream-plan.js";
import { rateLimited, serverError } from "./wire-errors.js";

export interface DeliverContext {
  reply: FastifyReply;
  sleeper: Sleeper;
  /**
   * performance.now() when the request arrived. The model's delays are kept from here, as a
   * schedule: the time the server spent parsing and composing, and a timer that fired late,
   * come out of the next wait instead of adding to the latency the client sees.
   */
  arrivedAt: number;
  retryAfterMs: number;
  hangMs: number;
  requestId: string;
}

/** `x-evalgate-sim`: what the behaviour model drew, for logs and tests (real clients ignore it). */
export const SIM_INFO_HEADER = "x-evalgate-sim";

/** core's MODELLED_LATENCY_HEADER for this reply; none when the model has no latency. */
export function modelledLatencyHeaders(gen: Generation): Record<string, string> {
  if (!gen.latency) return {};
  return { [MODELLED_LATENCY_HEADER]: `total_ms=${round(totalDelay(gen))}; ttft_ms=${round(firstTokenDelay(gen))}` };
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function simInfo(gen: Generation): string {
  return `case=${gen.caseId ?? "-"}; repeat=${gen.repeat}; perturbation=${gen.perturbation ?? "none"}; fault=${gen.fault ?? "none"}; finish=${gen.finish}`;
}

export interface Renderers {
  json: () => unknown;
  events: () => SseEvent[];
  /** Chat ends with `data: [DONE]`; Responses name each event and end with its terminal event. */
  framing: "chat" | "responses";
}

/** Sends a generation: its fault if it drew one, else the body or the stream, at the model's pace. */
export async function deliver(gen: Generation, stream: boolean, r: Renderers, ctx: DeliverContext): Promise<void> {
  ctx.reply.header(SIM_INFO_HEADER, simInfo(gen));
  if (gen.fault === "rate_limit") throw rateLimited(gen.model, ctx.retryAfterMs);
  if (gen.fault === "server_error") throw serverError();
  if (gen.fault === "timeout") return hang(ctx);
  // Unstreamed, a model that fails after it started is the server error the client sees.
  if (gen.fault === "response_failed" && !stream) throw serverError();
  if (!stream) {
    if (!(await ctx.sleeper.sleep(ctx.arrivedAt + totalDelay(gen) - performance.now()))) return;
    await ctx.reply.headers({ "x-request-id": ctx.requestId, [SIM_INFO_HEADER]: simInfo(gen), ...modelledLatencyHeaders(gen) }).type("application/json").send(r.json());
    return;
  }
  const cut = gen.fault === "broken_stream_close" ? "close" : gen.fault === "broken_stream_reset" ? "reset" : null;
  // A stream that failed in-stream (its renderers wrote the error) ends without `[DONE]`.
  const failed = gen.fault === "stream_error" || gen.fault === "response_failed";
  await writeStream(r.events(), r.framing, cut, failed, ctx, { [SIM_INFO_HEADER]: simInfo(gen), ...modelledLatencyHeaders(gen) });
}

/** Holds the request past the client's timeout, then drops the connection without a reply. */
async function hang(ctx: DeliverContext): Promise<void> {
  ctx.reply.hijack();
  await ctx.sleeper.sleep(ctx.hangMs);
  ctx.reply.raw.socket?.destroy();
}

function frame(e: SseEvent, framing: Renderers["framing"]): string {
  const data = `data: ${e.json}\n\n`;
  return framing === "responses" && e.event ? `event: ${e.event}\n${data}` : data;
}

async function writeStream(
  events: SseEvent[],
  framing: Renderers["framing"],
  cut: "close" | "reset" | null,
  failed: boolean,
  ctx: DeliverContext,
  info: Record<string, string>,
): Promise<void> {
  ctx.reply.hijack();
  const raw = ctx.reply.raw;
  raw.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-request-id": ctx.requestId,
    ...info,
  });
  // A cut stream stops half-way, before any terminal event, so no client can take it for a whole answer.
  const upTo = cut ? Math.max(1, Math.floor(events.length / 2)) : events.length;
  const tail = cut === null && !failed && framing === "chat" ? "data: [DONE]\n\n" : "";
  // Events due at the same moment go out in one write: one syscall, not one per token.
  let text = "";
  let due = ctx.arrivedAt;
  for (let i = 0; i < upTo; i++) {
    const e = events[i]!;
    if (e.delayMs > 0) {
      if (text) raw.write(text);
      text = "";
      due += e.delayMs;
      if (!(await ctx.sleeper.sleep(due - performance.now())) || raw.destroyed) return;
    }
    text += frame(e, framing);
  }
  text += tail;
  if (raw.destroyed) return;
  if (cut === "reset") {
    raw.write(text);
    const socket = raw.socket as (NonNullable<typeof raw.socket> & { resetAndDestroy?: () => void }) | null;
    // Let the written half reach the client before the reset.
    setImmediate(() => (socket?.resetAndDestroy ? socket.resetAndDestroy() : socket?.destroy()));
    return;
  }
  raw.write(text);
  raw.end();
}
