import { expect, test } from "vitest";
import { firstStrictSchemaProblem } from "./strict-schema.js";

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "object", properties, required: Object.keys(properties), additionalProperties: false, ...extra,
});

test("a schema in the subset has no problem, nested objects, arrays, anyOf and $defs included", () => {
  const schema = obj(
    { a: { type: "string", pattern: "^[a-z]+$" }, b: { type: "array", items: obj({ c: { type: ["number", "null"], minimum: 0 } }), maxItems: 3 }, d: { anyOf: [{ $ref: "#/$defs/x" }, { type: "null" }] } },
    { $defs: { x: obj({ y: { type: "string", format: "date" } }) } },
  );
  expect(firstStrictSchemaProblem(schema)).toBeNull();
});

test("each rule names where it broke", () => {
  expect(firstStrictSchemaProblem({ type: "array" })?.kind).toBe("root_type");
  expect(firstStrictSchemaProblem({ type: "object", properties: {}, required: [] })).toMatchObject({ kind: "additional_properties", context: [] });
  expect(firstStrictSchemaProblem(obj({ a: { type: "object", properties: { b: { type: "string" } }, additionalProperties: false } }))).toMatchObject({
    kind: "required", context: ["properties", "a"], message: expect.stringContaining("Missing 'b'"),
  });
  expect(firstStrictSchemaProblem(obj({ a: { type: "string", minLength: 1 } }))).toMatchObject({ kind: "keyword", context: ["properties", "a"], message: "'minLength' is not permitted." });
  expect(firstStrictSchemaProblem(obj({ a: { type: "array", items: { type: "string" }, uniqueItems: true } }))?.kind).toBe("keyword");
});
