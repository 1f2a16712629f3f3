export interface ScheduleOptions<T> {
  items: readonly T[];
  /** Global cap on items running at once. */
  concurrency: number;
  /** The group an item's per-group cap applies to (the runner: its target). */
  groupOf(item: T): string;
  /** A group's own cap (under the global one); undefined = only the global cap. */
  capOf(group: string): number | undefined;
  run(item: T): Promise<void>;
}

/** Positions of items held back because their group was at its cap, oldest first. */
interface Waiting {
  positions: number[];
  head: number;
}

/**
 * Runs every item under the global cap and each group's cap, starting them in order as
 * slots free up (an item whose group is full waits, and goes before later ones once its
 * group has room). Only running items hold a promise: 100,000 queued items cost their
 * positions, not a promise and closures each. Rejects with the first failure and starts
 * nothing after it.
 */
export function runScheduled<T>(options: ScheduleOptions<T>): Promise<void> {
  const { items } = options;
  const cap = Math.max(1, Math.floor(options.concurrency));
  const caps = new Map<string, number | undefined>();
  const runningIn = new Map<string, number>();
  const waiting = new Map<string, Waiting>();
  let cursor = 0;
  let running = 0;
  let failed = false;

  const capOf = (group: string): number | undefined => {
    if (!caps.has(group)) {
      const c = options.capOf(group);
      caps.set(group, c === undefined ? undefined : Math.max(1, Math.floor(c)));
    }
    return caps.get(group);
  };
  const hasRoom = (group: string): boolean => {
    const c = capOf(group);
    return c === undefined || (runningIn.get(group) ?? 0) < c;
  };
  const hold = (group: string, position: number): void => {
    let w = waiting.get(group);
    if (!w) waiting.set(group, (w = { positions: [], head: 0 }));
    w.positions.push(position);
  };

  /** The earliest held item whose group has room, else the next in order that fits. */
  const next = (): { position: number; group: string } | undefined => {
    let best: { position: number; group: string } | undefined;
    for (const [group, w] of waiting) {
      const position = w.positions[w.head];
      if (position !== undefined && (best === undefined || position < best.position) && hasRoom(group)) best = { position, group };
    }
    if (best) {
      const w = waiting.get(best.group)!;
      w.head++;
      if (w.head > 1024 && w.head * 2 > w.positions.length) {
        w.positions = w.positions.slice(w.head);
        w.head = 0;
      }
      return best;
    }
    while (cursor < items.length) {
      const position = cursor++;
      const group = options.groupOf(items[position]!);
      if (hasRoom(group)) return { position, group };
      hold(group, position);
    }
    return undefined;
  };

  return new Promise<void>((resolve, reject) => {
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    const finished = (group: string) => {
      running--;
      runningIn.set(group, (runningIn.get(group) ?? 1) - 1);
      pump();
    };
    const start = (position: number, group: string) => {
      running++;
      runningIn.set(group, (runningIn.get(group) ?? 0) + 1);
      let task: Promise<void>;
      try {
        task = options.run(items[position]!);
      } catch (error) {
        task = Promise.reject(error);
      }
      task.then(() => finished(group), fail);
    };
    const pump = () => {
      if (failed) return;
      while (running < cap) {
        const n = next();
        if (!n) break;
        start(n.position, n.group);
      }
      if (running === 0) resolve();
    };
    pump();
  });
}
