import type { Generation } from "./engine.js";
import { splitDeltas } from "./ids.js";

/** One SSE message, its data already serialized, and how long to wait before writing it. */
export interface SseEvent {
  event?: string;
  json: string;
  delayMs: number;
}

/**
 * The deltas of a reply with their delays: time to first token (plus the reasoning
 * tokens) before the first one, then the visible tokens at the model's rate.
 */
export function timedDeltas(text: string, gen: Generation, waitFirst = true): Array<{ delta: string; delayMs: number }> {
  const pieces = splitDeltas(text);
  const lat = gen.latency;
  if (!lat) return pieces.map((delta) => ({ delta, delayMs: 0 }));
  const visible = gen.usage.output - gen.usage.reasoning;
  const totalChars = Math.max(1, text.length);
  return pieces.map((delta, i) => ({
    delta,
    delayMs: (i === 0 && waitFirst ? firstTokenDelay(gen) : 0) + (lat.perTokenMs * visible * delta.length) / totalChars,
  }));
}

export function firstTokenDelay(gen: Generation): number {
  const lat = gen.latency;
  return lat ? lat.ttftMs + lat.perTokenMs * gen.usage.reasoning : 0;
}

/** How long a non-streamed reply takes: first token, then every output token. */
export function totalDelay(gen: Generation): number {
  const lat = gen.latency;
  return lat ? lat.ttftMs + lat.perTokenMs * gen.usage.output : 0;
}
