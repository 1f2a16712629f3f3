import { expect, test } from "vitest";
import { createRng, type AnswerIndexEntry } from "../core/index.js";
import { answerObject } from "./perturb.js";
import { wrongLabelObject, wrongLabelText } from "./wrong-labels.js";

type Json = Record<string, unknown>;

/** The scan over every case that wrong-labels.ts replaces: its draws are the reference. */
function scanObject(value: Json, self: AnswerIndexEntry, entries: AnswerIndexEntry[], rng: () => number): Json | null {
  const options: Array<[string, unknown]> = [];
  for (const key of Object.keys(value).sort()) {
    const mine = JSON.stringify(value[key]);
    const seen = new Set<string>();
    for (const other of entries) {
      if (other === self) continue;
      const obj = answerObject(other.answer);
      if (!obj || !(key in obj)) continue;
      const theirs = JSON.stringify(obj[key]);
      if (theirs === mine || seen.has(theirs)) continue;
      seen.add(theirs);
      options.push([key, obj[key]]);
    }
  }
  if (options.length === 0) return null;
  const [key, chosen] = options[Math.floor(rng() * options.length)]!;
  return { ...value, [key]: chosen };
}

function scanText(text: string, self: AnswerIndexEntry, entries: AnswerIndexEntry[], rng: () => number): string | null {
  const others = [...new Set(entries.filter((e) => e !== self && typeof e.answer === "string").map((e) => e.answer as string))].filter((t) => t !== text);
  return others.length === 0 ? null : others[Math.floor(rng() * others.length)]!;
}

/** Few distinct values, so that a case is often the first (or the only one) to hold its value. */
function randomIndex(seed: number, n: number): AnswerIndexEntry[] {
  const rng = createRng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rng() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => ({
    caseId: `c${i}`,
    keys: [`ticket ${i}`],
    answer: rng() < 0.3
      ? pick(["refund", "resend", "escalate", "close"])
      : rng() < 0.2
      ? { tool: "route", arguments: { team: pick(["billing", "sales"]) } }
      : { team: pick(["billing", "sales", "support"]), ...(rng() < 0.5 ? { priority: pick([1, 2, 3]) } : {}), ...(rng() < 0.1 ? { tags: [pick(["a", "b"])] } : {}) },
  }));
}

test("a wrong label is the one a scan of every other case would draw", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const entries = randomIndex(seed, 3 + (seed % 17));
    entries.forEach((self, i) => {
      const obj = answerObject(self.answer);
      const values: Json[] = obj ? [obj, { ...obj, team: "other" }, { team: "billing", priority: 2 }] : [];
      for (const value of values) {
        expect(wrongLabelObject(value, self, entries, createRng(seed * 1000 + i))).toEqual(scanObject(value, self, entries, createRng(seed * 1000 + i)));
      }
      const text = typeof self.answer === "string" ? self.answer : "refund";
      expect(wrongLabelText(text, self, entries, createRng(seed + i))).toBe(scanText(text, self, entries, createRng(seed + i)));
    });
  }
});

test("no other case with a different value gives null without drawing", () => {
  const only: AnswerIndexEntry = { caseId: "a", keys: ["a"], answer: { team: "billing" } };
  const twin: AnswerIndexEntry = { caseId: "b", keys: ["b"], answer: { team: "billing" } };
  let draws = 0;
  const rng = () => (draws++, 0.5);
  expect(wrongLabelObject({ team: "billing" }, only, [only, twin], rng)).toBeNull();
  expect(wrongLabelText("x", only, [only, twin], rng)).toBeNull();
  expect(draws).toBe(0);
});
