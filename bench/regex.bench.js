// The regex grader's cost per match (every user pattern is bounded by a deadline,
// src/core/regex-sandbox.ts): 10,000 matches of a typical pattern on a ~60-character
// output, next to bare RegExp; and how long a catastrophic pattern holds the caller.
import { execRegex } from "../dist/core/index.js";

const N = 10_000;
const texts = Array.from({ length: N }, (_, i) => `{"team":"billing","order_id":"ORD-${100000 + i}","ok":true}`);

function time(label, fn) {
  fn(texts[0]);
  const t = process.hrtime.bigint();
  for (const s of texts) fn(s);
  const us = Number(process.hrtime.bigint() - t) / 1000 / N;
  console.log(`${label}: ${us.toFixed(2)} µs per match`);
  return us;
}

const bare = new RegExp("ORD-(\\d+)");
time("bare RegExp", (s) => bare.exec(s));
const sandboxed = time("execRegex ORD-(\\d+)", (s) => execRegex("ORD-(\\d+)", "", s));
time("execRegex (a|b)+c (quantified alternation)", (s) => execRegex("(a|b)+c", "", s));
const t = Date.now();
const evil = execRegex("(a+)+$", "", `${"a".repeat(40)}b`);
console.log(`catastrophic (a+)+$ on 41 characters: ${JSON.stringify(evil)} after ${Date.now() - t} ms (deadline 1,000 ms)`);
console.log(sandboxed < 20 ? `PASS: ${sandboxed.toFixed(2)} µs per typical match (target < 20 µs)` : `MISS: ${sandboxed.toFixed(2)} µs per typical match (target < 20 µs)`);
