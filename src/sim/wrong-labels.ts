import { isSequenceAnswer, type AnswerIndexEntry } from "../core/sim-answers.js";
import { answerObject } from "./perturb.js";

type Json = Record<string, unknown>;
type Rng = () => number;

/** One distinct value among the cases' answers, and where it first appears (its first two cases). */
interface DistinctValue {
  json: string;
  value: unknown;
  first: number;
  second: number | undefined;
}

/**
 * The distinct values of the answer index, per answer key and for text answers, in the
 * order the cases list them, built once per index: a wrong label is another case's value,
 * and finding one by scanning every case on every perturbed request was the simulator's
 * costliest step on large suites. The draws are those of the scan it replaces.
 */
class LabelPool {
  private readonly byKey = new Map<string, DistinctValue[]>();
  private readonly texts: DistinctValue[] = [];
  private readonly position = new Map<AnswerIndexEntry, number>();

  constructor(entries: readonly AnswerIndexEntry[]) {
    const keyed = new Map<string, Map<string, DistinctValue>>();
    const texts = new Map<string, DistinctValue>();
    entries.forEach((entry, i) => {
      if (!this.position.has(entry)) this.position.set(entry, i);
      // A sequence's calls and final answer are labels like any other answer's.
      const parts = isSequenceAnswer(entry.answer) ? [...entry.answer.calls, entry.answer.then] : [entry.answer];
      for (const answer of parts) {
        if (typeof answer === "string") note(texts, answer, answer, i);
        const obj = answerObject(answer);
        if (!obj) continue;
        for (const key of Object.keys(obj)) {
          let values = keyed.get(key);
          if (!values) keyed.set(key, (values = new Map()));
          note(values, JSON.stringify(obj[key]), obj[key], i);
        }
      }
    });
    for (const [key, values] of keyed) this.byKey.set(key, [...values.values()]);
    this.texts = [...texts.values()];
  }

  /** A wrong label: the value at the same key in another case's answer. Null when no case differs. */
  wrongLabelObject(value: Json, self: AnswerIndexEntry, rng: Rng): Json | null {
    const keys = Object.keys(value).sort();
    const self_ = this.position.get(self) ?? -1;
    const options = keys.map((key) => {
      const mine = JSON.stringify(value[key]);
      return { key, values: othersThan(this.byKey.get(key) ?? [], self_, (v) => v.json !== mine) };
    });
    const total = options.reduce((n, o) => n + o.values.length, 0);
    if (total === 0) return null;
    let index = Math.floor(rng() * total);
    for (const { key, values } of options) {
      if (index < values.length) return { ...value, [key]: values[index]!.value };
      index -= values.length;
    }
    return null;
  }

  /** Another case's text answer, different from `text`; null when there is none. */
  wrongLabelText(text: string, self: AnswerIndexEntry, rng: Rng): string | null {
    const others = othersThan(this.texts, this.position.get(self) ?? -1, (v) => v.json !== text);
    return others.length === 0 ? null : (others[Math.floor(rng() * others.length)]!.value as string);
  }
}

function note(values: Map<string, DistinctValue>, json: string, value: unknown, at: number): void {
  const known = values.get(json);
  if (!known) values.set(json, { json, value, first: at, second: undefined });
  else if (known.second === undefined) known.second = at;
}

/**
 * The distinct values as the cases other than `self` list them: a value first seen in
 * `self` moves to where it next appears, or drops out when only `self` has it.
 */
function othersThan(values: DistinctValue[], self: number, keep: (v: DistinctValue) => boolean): DistinctValue[] {
  const out: DistinctValue[] = [];
  let moved: { at: number; value: DistinctValue } | null = null;
  for (const v of values) {
    if (!keep(v)) continue;
    if (v.first !== self) out.push(v);
    else if (v.second !== undefined) moved = { at: v.second, value: v };
  }
  if (moved) {
    const { at, value } = moved;
    const i = out.findIndex((v) => v.first > at);
    out.splice(i < 0 ? out.length : i, 0, value);
  }
  return out;
}

const pools = new WeakMap<readonly AnswerIndexEntry[], LabelPool>();

function poolOf(entries: readonly AnswerIndexEntry[]): LabelPool {
  let pool = pools.get(entries);
  if (!pool) pools.set(entries, (pool = new LabelPool(entries)));
  return pool;
}

/** A wrong label: the value at the same key in another case's answer. Null when no case differs. */
export function wrongLabelObject(value: Json, self: AnswerIndexEntry, entries: readonly AnswerIndexEntry[], rng: Rng): Json | null {
  return poolOf(entries).wrongLabelObject(value, self, rng);
}

/** Another case's text answer, different from `text`. Null when there is none. */
export function wrongLabelText(text: string, self: AnswerIndexEntry, entries: readonly AnswerIndexEntry[], rng: Rng): string | null {
  return poolOf(entries).wrongLabelText(text, self, rng);
}
