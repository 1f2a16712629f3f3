import { describe, expect, it } from "vitest";
import { deferredWriter } from "./deferred-writer.js";

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("deferredWriter: a run's finished attempts written on the next turn", () => {
  it("writes nothing in the turn an attempt finished, then every attempt that finished before the next turn, in order", async () => {
    const written: number[] = [];
    const writer = deferredWriter<number>(async (n) => void written.push(n), () => undefined);
    for (let i = 0; i < 100; i++) writer.add(i);
    expect(written).toEqual([]);
    await turn();
    await turn();
    // One turn drains the queue: it cannot grow by one attempt a turn while a run finishes many.
    expect(written).toEqual(Array.from({ length: 100 }, (_, i) => i));
    writer.add(100);
    await writer.done();
    expect(written.at(-1)).toBe(100);
  });

  it("reports a failed write and still tries the ones after it", async () => {
    const written: number[] = [];
    const failures: unknown[] = [];
    const writer = deferredWriter<number>(async (n) => {
      if (n === 1) throw new Error("disk full");
      written.push(n);
    }, (e) => failures.push(e));
    for (const n of [0, 1, 2]) writer.add(n);
    await writer.done();
    expect(written).toEqual([0, 2]);
    expect(failures.map((e) => (e as Error).message)).toEqual(["disk full"]);
  });
});
