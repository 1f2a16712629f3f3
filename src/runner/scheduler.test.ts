import { describe, expect, it } from "vitest";
import { runScheduled } from "./scheduler.js";

interface Item {
  id: number;
  group: string;
}

/** Runs items whose tasks end when released by hand, recording starts and the peak in flight. */
function harness(items: Item[], concurrency: number, caps: Record<string, number> = {}) {
  const started: number[] = [];
  const release = new Map<number, () => void>();
  let running = 0;
  let peak = 0;
  const peakIn = new Map<string, number>();
  const runningIn = new Map<string, number>();
  const done = runScheduled({
    items,
    concurrency,
    groupOf: (item) => item.group,
    capOf: (group) => caps[group],
    run: (item) => {
      started.push(item.id);
      running++;
      runningIn.set(item.group, (runningIn.get(item.group) ?? 0) + 1);
      peak = Math.max(peak, running);
      peakIn.set(item.group, Math.max(peakIn.get(item.group) ?? 0, runningIn.get(item.group)!));
      return new Promise<void>((resolve) =>
        release.set(item.id, () => {
          running--;
          runningIn.set(item.group, runningIn.get(item.group)! - 1);
          resolve();
        }),
      );
    },
  });
  const finish = async (id: number) => {
    release.get(id)!();
    await new Promise((r) => setImmediate(r));
  };
  return { done, started, finish, peak: () => peak, peakIn: (g: string) => peakIn.get(g) ?? 0 };
}

const items = (groups: string[]): Item[] => groups.map((group, id) => ({ id, group }));

describe("runScheduled", () => {
  it("starts items in order up to the global cap and the next one as each finishes", async () => {
    const h = harness(items(["a", "a", "a", "a", "a"]), 2);
    expect(h.started).toEqual([0, 1]);
    await h.finish(1);
    expect(h.started).toEqual([0, 1, 2]);
    for (const id of [0, 2, 3, 4]) await h.finish(id);
    await h.done;
    expect(h.started).toEqual([0, 1, 2, 3, 4]);
    expect(h.peak()).toBe(2);
  });

  it("a group at its cap holds its items back without holding back other groups, then runs them in order", async () => {
    const h = harness(items(["slow", "slow", "slow", "fast", "fast", "fast"]), 4, { slow: 1 });
    expect(h.started).toEqual([0, 3, 4, 5]);
    await h.finish(0);
    expect(h.started).toEqual([0, 3, 4, 5, 1]);
    for (const id of [1, 3, 4, 5]) await h.finish(id);
    expect(h.started).toEqual([0, 3, 4, 5, 1, 2]);
    await h.finish(2);
    await h.done;
    expect(h.peakIn("slow")).toBe(1);
  });

  it("a held item goes before later items once its group has room", async () => {
    const h = harness(items(["x", "x", "y", "y", "y"]), 2, { x: 1 });
    expect(h.started).toEqual([0, 2]);
    await h.finish(0);
    expect(h.started).toEqual([0, 2, 1]);
    for (const id of [2, 1, 3, 4]) await h.finish(id);
    await h.done;
    expect(h.started).toEqual([0, 2, 1, 3, 4]);
  });

  it("resolves at once with nothing to run", async () => {
    await expect(runScheduled({ items: [], concurrency: 4, groupOf: () => "g", capOf: () => undefined, run: async () => {} })).resolves.toBeUndefined();
  });

  it("rejects with the first failure and starts nothing after it", async () => {
    const started: number[] = [];
    const run = runScheduled({
      items: [0, 1, 2, 3],
      concurrency: 1,
      groupOf: () => "g",
      capOf: () => undefined,
      run: async (n) => {
        started.push(n);
        if (n === 1) throw new Error("grading broke");
      },
    });
    await expect(run).rejects.toThrow("grading broke");
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
  });
});
