import type { Attempt } from "../core/index.js";

/**
 * Finished attempts written in order, each in its own transaction, on the event loop's next
 * turn: the attempts that take their slots are sent first, so a slot waits for its grading,
 * not for the store. Each turn writes every attempt that finished before it (never more than
 * the attempts in flight), so the queue cannot outgrow the run. A failed write is reported
 * and the ones after it are still tried, as a run stops on the first.
 */
export function deferredWriter<T = Attempt>(write: (a: T) => Promise<void>, failed: (error: unknown) => void): { add(a: T): void; done(): Promise<void> } {
  const queue: T[] = [];
  let chain: Promise<void> = Promise.resolve();
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    for (let a = queue.shift(); a !== undefined; a = queue.shift()) {
      try {
        await write(a);
      } catch (error) {
        failed(error);
      }
    }
  };
  return {
    add(a) {
      queue.push(a);
      if (scheduled) return;
      scheduled = true;
      chain = chain.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(flush);
    },
    done: () => chain,
  };
}
