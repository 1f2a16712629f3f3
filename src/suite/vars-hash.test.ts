import { expect, test } from "vitest";
import { hashJson, stableStringify } from "../core/index.js";
import { stableJson, varsHash } from "./vars-hash.js";

test("varsHash equals core's hashJson for every kind of JSON value, whatever the key order", () => {
  const values: Record<string, unknown>[] = [
    {},
    { b: 1, a: "x", c: null, d: true, e: 1.5e-7 },
    { nested: { z: [1, { y: 2, x: [null, "é\n\"q\""] }], a: {} }, skip: undefined, list: [] },
    { unicode: "日本語 🎉", n: -0, big: 1e21 },
  ];
  for (const v of values) {
    expect(stableJson(v)).toBe(stableStringify(v));
    expect(varsHash(v)).toBe(hashJson(v));
  }
  expect(varsHash({ a: 1, b: 2 })).toBe(varsHash({ b: 2, a: 1 }));
});
