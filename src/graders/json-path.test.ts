import { describe, expect, it } from "vitest";
import { describeDifference, firstDifference } from "./json-diff.js";
import { formatJsonPath, jsonPathOption, parseJsonPath, selectJsonPath } from "./json-path.js";

const doc = {
  team: "billing",
  order: { id: "ORD-1", "unit price": 9.5 },
  items: [{ sku: "A", qty: 1 }, { sku: "B", qty: 2 }],
};

describe("selectJsonPath", () => {
  it("selects keys, indexes (negative from the end) and quoted keys", () => {
    expect(selectJsonPath(doc, "$.team")).toEqual({ found: true, value: "billing" });
    expect(selectJsonPath(doc, "$.items[1].qty")).toEqual({ found: true, value: 2 });
    expect(selectJsonPath(doc, "$.items[-1].sku")).toEqual({ found: true, value: "B" });
    expect(selectJsonPath(doc, "$.order['unit price']")).toEqual({ found: true, value: 9.5 });
    expect(selectJsonPath(doc, '$["order"]["id"]')).toEqual({ found: true, value: "ORD-1" });
    expect(selectJsonPath(doc, "$")).toEqual({ found: true, value: doc });
  });

  it("maps a wildcard over a list into the list of selected values", () => {
    expect(selectJsonPath(doc, "$.items[*].sku")).toEqual({ found: true, value: ["A", "B"] });
    expect(selectJsonPath(doc, "$.order.*")).toEqual({ found: true, value: ["ORD-1", 9.5] });
  });

  it("names the missing path and why it is missing", () => {
    expect(selectJsonPath(doc, "$.summary")).toEqual({ found: false, missing: "$.summary", why: null });
    expect(selectJsonPath(doc, "$.items[5].sku")).toEqual({ found: false, missing: "$.items[5]", why: "$.items has 2 item(s)" });
    expect(selectJsonPath(doc, "$.team.name")).toEqual({ found: false, missing: "$.team.name", why: "$.team is a string, not an object" });
    expect(selectJsonPath({ items: [{ sku: "A" }, { qty: 1 }] }, "$.items[*].sku")).toMatchObject({ found: false, missing: "$.items[1].sku" });
  });

  it("rejects syntax outside the documented subset, with the column", () => {
    expect(() => parseJsonPath("team")).toThrow("a path starts with '$'");
    expect(() => parseJsonPath("$.items[?(@.qty>1)]")).toThrow("bad bracket at column 8");
    expect(() => parseJsonPath("$..team")).toThrow("expected a key after '.' at column 3");
    expect(jsonPathOption.safeParse("$.a[0]['b c']").success).toBe(true);
    expect(jsonPathOption.safeParse("$.a[").success).toBe(false);
  });

  it("formats paths canonically, quoting keys that are not identifiers", () => {
    expect(formatJsonPath(parseJsonPath("$['team'].items[0]['unit price']"))).toBe("$.team.items[0]['unit price']");
  });
});

describe("firstDifference", () => {
  it("finds the first differing path, ignoring key order", () => {
    const expected = { items: [{ sku: "A", qty: 1 }, { sku: "B", qty: 2 }], team: "billing" };
    const actual = { team: "billing", items: [{ qty: 1, sku: "A" }, { sku: "B", qty: 3 }] };
    const d = firstDifference(expected, actual);
    expect(d).toEqual({ path: "$.items[1].qty", kind: "value", expected: 2, actual: 3 });
    expect(describeDifference(d!)).toBe("$.items[1].qty: expected 2, got 3");
    expect(firstDifference({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeNull();
  });

  it("reports missing and unexpected keys and list items", () => {
    expect(describeDifference(firstDifference({ a: 1, b: 2 }, { a: 1 })!)).toBe("$.b is missing (expected 2)");
    expect(describeDifference(firstDifference({ a: 1 }, { a: 1, extra: true })!)).toBe("$.extra is unexpected (got true)");
    expect(describeDifference(firstDifference([1, 2], [1])!)).toBe("$[1] is missing (expected 2)");
    expect(describeDifference(firstDifference({ n: 3 }, { n: "3" })!)).toBe('$.n: expected 3, got "3" (a string)');
  });

  it("allows extra keys in subset mode and equal scalar text in loose mode", () => {
    expect(firstDifference({ id: "ORD-1" }, { id: "ORD-1", note: "x" }, { subset: true })).toBeNull();
    expect(firstDifference({ qty: "3", ok: "true" }, { qty: 3, ok: true }, { looseScalars: true })).toBeNull();
    expect(firstDifference({ qty: "3" }, { qty: 4 }, { looseScalars: true })).toMatchObject({ path: "$.qty" });
  });
});
