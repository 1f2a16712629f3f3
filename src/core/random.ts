import { hash } from "node:crypto";

/**
 * Deterministic pseudo-random numbers from a list of seed parts, so that a draw is
 * a pure function of (seed, model, case, repeat, …) and never of call order.
 */
export function seedFrom(...parts: Array<string | number>): number {
  // The one-shot hash: the simulator draws several seeds per request.
  return hash("sha256", parts.join("\u0000"), "buffer").readUInt32LE(0);
}

/** mulberry32: small, fast, good enough for simulation and bootstrap resampling. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function rngFrom(...parts: Array<string | number>): () => number {
  return createRng(seedFrom(...parts));
}
