import { sha256 } from "../core/index.js";

/**
 * Which unique requests become cases (docs/migration-guide.md "Sampling"): `n` of them,
 * spread over the strata in proportion to their traffic (the sum of their requests'
 * weights) or equally, a stratum never given more than it has (its surplus goes to the
 * others); within a stratum the requests whose seeded hash ranks first, so the same log,
 * seed and `n` always give the same sample, whatever order the strata come in.
 */
export interface Candidate {
  key: string;
  stratum: string;
  /** How often the request was seen. */
  weight: number;
}

export type Allocation = "proportional" | "equal";

export interface Sample {
  keys: Set<string>;
  /** Per stratum: unique requests, traffic (Σ weight), and how many were taken. */
  strata: Map<string, { unique: number; traffic: number; taken: number }>;
}

export function sampleRequests(candidates: Iterable<Candidate>, n: number | undefined, seed: number, allocation: Allocation = "proportional"): Sample {
  const byStratum = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byStratum.get(c.stratum);
    if (list) list.push(c);
    else byStratum.set(c.stratum, [c]);
  }
  const names = [...byStratum.keys()].sort();
  const sizes = names.map((s) => byStratum.get(s)!.length);
  const shares = names.map((s) => (allocation === "equal" ? 1 : byStratum.get(s)!.reduce((t, c) => t + c.weight, 0)));
  const quotas = n === undefined ? sizes : allocate(Math.min(n, sizes.reduce((a, b) => a + b, 0)), shares, sizes);
  const keys = new Set<string>();
  const strata: Sample["strata"] = new Map();
  names.forEach((name, i) => {
    const list = byStratum.get(name)!;
    const ranked = quotas[i]! >= list.length ? list : list.map((c) => ({ c, rank: sha256(`${seed}\u0000${c.key}`) })).sort((a, b) => (a.rank < b.rank ? -1 : 1)).map((r) => r.c);
    for (const c of ranked.slice(0, quotas[i])) keys.add(c.key);
    strata.set(name, { unique: list.length, traffic: list.reduce((t, c) => t + c.weight, 0), taken: Math.min(quotas[i]!, list.length) });
  });
  return { keys, strata };
}

/**
 * `total` split by `shares` (largest remainder), capped at `caps`; what a capped stratum
 * cannot take is split again among the others, until it is placed or nothing has room.
 */
export function allocate(total: number, shares: readonly number[], caps: readonly number[]): number[] {
  const out = shares.map(() => 0);
  let left = total;
  while (left > 0) {
    const open = shares.map((_, i) => i).filter((i) => out[i]! < caps[i]!);
    if (open.length === 0) break;
    const weight = open.reduce((t, i) => t + shares[i]!, 0);
    const exact = open.map((i) => (weight > 0 ? (left * shares[i]!) / weight : left / open.length));
    const whole = exact.map(Math.floor);
    let rest = left - whole.reduce((a, b) => a + b, 0);
    const byRemainder = open.map((_, j) => j).sort((a, b) => exact[b]! - whole[b]! - (exact[a]! - whole[a]!) || a - b);
    for (const j of byRemainder) {
      if (rest === 0) break;
      whole[j]! += 1;
      rest -= 1;
    }
    let placed = 0;
    open.forEach((i, j) => {
      const take = Math.min(whole[j]!, caps[i]! - out[i]!);
      out[i]! += take;
      placed += take;
    });
    if (placed === 0) break;
    left -= placed;
  }
  return out;
}
