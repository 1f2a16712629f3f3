import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { conformToSchema, sampleForSchema } from "./schema-values.js";

const ajv = new Ajv2020({ strict: false });
addFormats.default(ajv);

const order = {
  type: "object",
  properties: {
    team: { type: "string", enum: ["billing", "shipping"] },
    order_id: { type: "string", minLength: 3 },
    amount: { type: "number", minimum: 0, maximum: 100 },
    when: { type: "string", format: "date-time" },
    lines: { type: "array", items: { $ref: "#/$defs/line" }, minItems: 1 },
    note: { anyOf: [{ type: "string" }, { type: "null" }] },
  },
  required: ["team", "order_id", "amount", "when", "lines", "note"],
  additionalProperties: false,
  $defs: { line: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer" } }, required: ["sku", "qty"], additionalProperties: false } },
};

describe("conformToSchema", () => {
  test("keeps the fields that fit, fills the required ones that are missing, and drops extras", () => {
    const out = conformToSchema({ team: "shipping", order_id: "A1234", extra: 1 }, order) as Record<string, unknown>;
    expect(out.team).toBe("shipping");
    expect(out.order_id).toBe("A1234");
    expect(out).not.toHaveProperty("extra");
    expect(ajv.validate(order, out)).toBe(true);
  });

  test("repairs wrong types, out-of-enum values and out-of-range numbers", () => {
    const out = conformToSchema({ team: "sales", order_id: 7, amount: 250, lines: [{ sku: 1, qty: 2.6 }], note: null }, order) as Record<string, unknown>;
    expect(out.team).toBe("billing");
    expect(out.order_id).toBe("7xx");
    expect(out.amount).toBe(100);
    expect(out.lines).toEqual([{ sku: "1", qty: 3 }]);
    expect(out.note).toBeNull();
    expect(ajv.validate(order, out)).toBe(true);
  });
});

test("sampleForSchema gives a valid value for every schema of a varied set", () => {
  const schemas = [
    order,
    { type: "object", properties: { ok: { type: "boolean" }, tags: { type: "array", items: { type: "string" }, maxItems: 2 } }, required: ["ok", "tags"] },
    { type: "object", properties: { id: { type: "string", format: "uuid" }, mail: { type: "string", format: "email" }, day: { type: "string", format: "date" } }, required: ["id", "mail", "day"] },
    { type: "object", properties: { kind: { const: "x" }, n: { type: ["integer", "null"], minimum: 5 } }, required: ["kind", "n"] },
  ];
  for (const schema of schemas) expect(ajv.validate(schema, sampleForSchema(schema)), JSON.stringify(schema)).toBe(true);
});

describe("strict-schema keywords hold for any value (the perturbations' wrong values included)", () => {
  const schema = {
    type: "object",
    properties: {
      code: { type: "string", pattern: "^[A-Z]{3}-\\d{4}$" },
      ref: { type: "string", pattern: "^(inv|ord)_[a-f0-9]{6}$" },
      day: { type: "string", format: "date" },
      mail: { type: "string", format: "email" },
      id: { type: "string", format: "uuid" },
      span: { type: "string", format: "duration" },
      qty: { type: "integer", multipleOf: 5, minimum: 5, exclusiveMaximum: 50 },
      share: { type: "number", exclusiveMinimum: 0, maximum: 1, multipleOf: 0.25 },
    },
    required: ["code", "ref", "day", "mail", "id", "span", "qty", "share"],
    additionalProperties: false,
  };
  test.each([
    ["strings that break every pattern and format", { code: "abc", ref: "x", day: "tomorrow", mail: "nobody", id: "1", span: "1 day", qty: 7, share: 0 }],
    ["numbers outside every bound", { code: "ABC-1234", ref: "inv_00ff00", day: "2026-02-03", mail: "a@b.co", id: "00000000-0000-4000-8000-000000000001", span: "PT1H", qty: 50, share: 1.3 }],
    ["nothing at all", {}],
  ])("%s", (_name, value) => {
    const out = conformToSchema(value, schema);
    expect(ajv.validate(schema, out), JSON.stringify(ajv.errors)).toBe(true);
  });
  test("a value that already fits is kept", () => {
    const fits = { code: "ABC-1234", ref: "ord_abcdef", day: "2026-02-03", mail: "a@b.co", id: "00000000-0000-4000-8000-000000000001", span: "PT1H", qty: 45, share: 0.75 };
    expect(conformToSchema(fits, schema)).toEqual(fits);
  });
});
