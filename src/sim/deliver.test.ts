import { describe, expect, it } from "vitest";
import type { FastifyReply } from "fastify";
import { deliver, type DeliverContext } from "./deliver.js";
import type { Generation } from "./engine.js";
import type { Sleeper } from "./sleeper.js";

/** A generation with a latency model: 50 ms to the first token, 2 ms a token, 10 output tokens. */
const gen = { fault: null, latency: { ttftMs: 50, perTokenMs: 2 }, usage: { output: 10, reasoning: 0 }, caseId: "c1", repeat: 0, perturbation: null, finish: "stop" } as unknown as Generation;

/** A sleeper that records what it is asked to wait and waits for nothing. */
function recordingSleeper(): { sleeper: Sleeper; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleeper: { sleep: async (ms: number) => (waits.push(ms), true) } as unknown as Sleeper };
}

function fakeReply(): { reply: FastifyReply; written: string[] } {
  const written: string[] = [];
  const raw = { destroyed: false, socket: null, writeHead: () => raw, write: (t: string) => written.push(t), end: () => undefined };
  const reply = { raw, hijack: () => undefined, header: () => reply, headers: () => reply, type: () => reply, send: async (body: unknown) => written.push(JSON.stringify(body)) };
  return { reply: reply as unknown as FastifyReply, written };
}

function context(arrivedAt: number, sleeper: Sleeper, reply: FastifyReply): DeliverContext {
  return { reply, sleeper, arrivedAt, retryAfterMs: 1000, hangMs: 1000, requestId: "req_1" };
}

describe("a reply's delays count from the request's arrival", () => {
  it("a non-streamed reply waits what is left of its total latency after the time already spent", async () => {
    const { sleeper, waits } = recordingSleeper();
    const { reply } = fakeReply();
    // The request arrived 30 ms ago (parsing, composing, a busy thread): 70 ms of the modelled 70 are left to wait, less those 30.
    await deliver(gen, false, { json: () => ({ ok: true }), events: () => [], framing: "chat" }, context(performance.now() - 30, sleeper, reply));
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThanOrEqual(40);
    expect(waits[0]).toBeGreaterThan(20);
  });

  it("a stream keeps a schedule: its first delta's wait is shortened by the time spent, and the next ones by a late timer", async () => {
    const { sleeper, waits } = recordingSleeper();
    const { reply, written } = fakeReply();
    const events = [
      { json: '{"role":"assistant"}', delayMs: 0 },
      { json: '{"delta":"a"}', delayMs: 50 },
      { json: '{"delta":"b"}', delayMs: 10 },
    ];
    await deliver(gen, true, { json: () => ({}), events: () => events, framing: "chat" }, context(performance.now() - 20, sleeper, reply));
    expect(waits).toHaveLength(2);
    // 50 ms due from the arrival, 20 of them spent already.
    expect(waits[0]).toBeLessThanOrEqual(30);
    expect(waits[0]).toBeGreaterThan(10);
    // The recording sleeper returned at once, so the next delta is due ~10 ms after the first one's due time: its wait includes the 30 ms not slept.
    expect(waits[1]).toBeGreaterThan(30);
    expect(waits[1]).toBeLessThanOrEqual(40);
    expect(written.join("")).toContain("data: [DONE]");
  });

  it("a request that arrived long ago is answered at once, never with a negative wait held", async () => {
    const { sleeper, waits } = recordingSleeper();
    const { reply, written } = fakeReply();
    await deliver(gen, false, { json: () => ({ ok: true }), events: () => [], framing: "chat" }, context(performance.now() - 500, sleeper, reply));
    expect(waits[0]).toBeLessThan(0);
    expect(written).toEqual(['{"ok":true}']);
  });
});
