import { describe, expect, it } from "vitest";
import { createMirrorQueue } from "./queue.js";

describe("the mirror's bounded queue", () => {
  it("runs at most `concurrency` jobs, refuses offers beyond `capacity` waiting, and on close drops the waiting and waits for the running", async () => {
    const release: Array<() => void> = [];
    const ran: number[] = [];
    let peak = 0;
    let running = 0;
    const queue = createMirrorQueue<number>({
      capacity: 2,
      concurrency: 2,
      run: (job) =>
        new Promise<void>((resolve) => {
          ran.push(job);
          peak = Math.max(peak, ++running);
          release.push(() => {
            running--;
            resolve();
          });
        }),
    });
    const offered = [1, 2, 3, 4, 5, 6].map((j) => queue.offer(j));
    // 1 and 2 run, 3 and 4 wait, 5 and 6 find the queue full.
    expect(offered).toEqual([true, true, true, true, false, false]);
    expect([queue.running, queue.waiting]).toEqual([2, 2]);
    release.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual([1, 2, 3]);
    const { dropped, settled } = queue.close();
    expect(dropped).toEqual([4]);
    expect(queue.offer(7)).toBe(false);
    let done = false;
    void settled.then(() => (done = true));
    release.shift()!();
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    release.shift()!();
    await settled;
    expect(peak).toBe(2);
    expect(ran).toEqual([1, 2, 3]);
  });
});
