/**
 * The mirror's bounded queue (docs/shadow.md "Mirroring never harms production"): at most
 * `capacity` jobs wait and `concurrency` run; an offer to a full queue is refused at once
 * (the caller counts the drop), so a slow or dead candidate costs memory bounded by the
 * capacity and never holds up the proxy.
 */
export interface MirrorQueue<J> {
  /** False when the queue is full or closed: the job is dropped. */
  offer(job: J): boolean;
  readonly waiting: number;
  readonly running: number;
  /** Stops taking jobs, drops the waiting ones (returned), and resolves when the running ones end. */
  close(): { dropped: J[]; settled: Promise<void> };
}

export function createMirrorQueue<J>(options: { capacity: number; concurrency: number; run: (job: J) => Promise<void> }): MirrorQueue<J> {
  const waiting: J[] = [];
  let running = 0;
  let closed = false;
  let idle: (() => void) | null = null;
  const pump = () => {
    while (!closed && running < options.concurrency && waiting.length > 0) {
      const job = waiting.shift() as J;
      running++;
      // run() reports its own failures; a rejection here must not stop the queue.
      void options.run(job).catch(() => undefined).finally(() => {
        running--;
        if (running === 0 && idle) idle();
        pump();
      });
    }
  };
  return {
    offer(job) {
      if (closed || waiting.length >= options.capacity) return false;
      waiting.push(job);
      pump();
      return true;
    },
    get waiting() {
      return waiting.length;
    },
    get running() {
      return running;
    },
    close() {
      closed = true;
      const dropped = waiting.splice(0);
      const settled = running === 0 ? Promise.resolve() : new Promise<void>((resolve) => (idle = resolve));
      return { dropped, settled };
    },
  };
}
