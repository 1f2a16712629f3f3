import { describe, expect, it } from "vitest";
import "../index.js";
import { scoreGrader } from "../score.js";
import { context, jsonOutput, makeOutput, spec } from "../fixtures/make-output.js";
import type { Output } from "../../core/index.js";
import type { GradeContext } from "../types.js";

const triageSchema = {
  type: "object",
  properties: {
    team: { type: "string", enum: ["billing", "sales", "tech"] },
    order_id: { type: ["string", "null"], pattern: "^ORD-\\d+$" },
    priority: { type: "integer", minimum: 1, maximum: 3 },
  },
  required: ["team", "order_id", "priority"],
  additionalProperties: false,
};
const withSchema = context({ outputSchema: triageSchema });
const grade = (output: Output, fields: { type: string } & Record<string, unknown>, ctx: GradeContext = withSchema) => scoreGrader(output, spec(fields), ctx);

describe("json-schema", () => {
  it("passes a reply that matches the prompt's output schema", async () => {
    const r = await grade(jsonOutput({ team: "billing", order_id: "ORD-1", priority: 2 }), { type: "json-schema" });
    expect(r).toMatchObject({ value: 1, pass: true, reason: "output JSON matches the schema" });
  });

  it("lists the first errors with their paths and the values that came", async () => {
    const r = await grade(jsonOutput({ team: "refunds", order_id: "1", priority: 2, note: "x" }), { type: "json-schema" });
    expect(r.pass).toBe(false);
    expect(r.reason).toBe(
      "output JSON does not match the schema: $ has unexpected property 'note'; $.team must be one of billing, sales, tech, got refunds; $.order_id must match pattern \"^ORD-\\d+$\", got \"1\"",
    );
  });

  it("says how many more errors there are past the first three", async () => {
    const r = await grade(jsonOutput({ a: 1, b: 2, c: 3, d: 4 }), { type: "json-schema" });
    expect(r.reason).toMatch(/; \+\d+ more$/);
  });

  it("validates the text when the output carries no parsed JSON, and a fenced block", async () => {
    const fenced = makeOutput({ text: '```json\n{"team":"tech","order_id":null,"priority":1}\n```' });
    expect(await grade(fenced, { type: "json-schema" })).toMatchObject({ pass: true });
  });

  it("prefers an inline schema, and checks a sub-document at a path", async () => {
    const out = jsonOutput({ team: "billing", order_id: "ORD-1", priority: 2, items: [{ sku: "A" }, { qty: 1 }] });
    const inline = { type: "array", items: { type: "object", required: ["sku"] } };
    const r = await grade(out, { type: "json-schema", path: "$.items", schema: inline });
    expect(r).toMatchObject({ pass: false, reason: "$.items does not match the schema: $.items[1] must have required property 'sku'" });
  });

  it("fails when the output is not JSON, naming the parse error", async () => {
    const r = await grade(makeOutput({ text: '{"team": "billing",', jsonError: "Unexpected end of JSON input", finish: "length" }), { type: "json-schema" });
    expect(r).toMatchObject({ value: 0, pass: false });
    expect(r.reason).toMatch(/^output is not JSON: Unexpected end of JSON input/);
  });

  it("fails when there is no schema at all rather than passing silently", async () => {
    const r = await grade(jsonOutput({ team: "billing" }), { type: "json-schema" }, context());
    expect(r).toMatchObject({ value: 0, pass: false, reason: expect.stringMatching(/^json-schema: no schema/) });
  });

  it("fails with the compiler's message on a schema that does not compile", async () => {
    const r = await grade(jsonOutput({ team: "billing" }), { type: "json-schema", schema: { type: "object", properties: { team: { $ref: "#/$defs/nope" } } } });
    expect(r).toMatchObject({ pass: false, reason: expect.stringMatching(/^json-schema: the schema does not compile: .*nope/) });
  });

  it("checks string formats", async () => {
    const schema = { type: "object", properties: { email: { type: "string", format: "email" } } };
    expect(await grade(jsonOutput({ email: "ada@example.com" }), { type: "json-schema", schema })).toMatchObject({ pass: true });
    expect(await grade(jsonOutput({ email: "ada at example" }), { type: "json-schema", schema })).toMatchObject({ pass: false, reason: 'output JSON does not match the schema: $.email must match format "email", got "ada at example"' });
  });

  it("honours a draft-07 schema declared by $schema", async () => {
    const draft7 = { $schema: "http://json-schema.org/draft-07/schema#", type: "object", definitions: { t: { type: "string" } }, properties: { team: { $ref: "#/definitions/t" } } };
    expect(await grade(jsonOutput({ team: 3 }), { type: "json-schema", schema: draft7 })).toMatchObject({ pass: false, reason: expect.stringContaining("$.team must be string") });
  });
});

describe("json-equals", () => {
  it("passes on equal JSON whatever the key order", async () => {
    const r = await grade(jsonOutput({ priority: 2, team: "billing" }), { type: "json-equals", value: { team: "billing", priority: 2 } });
    expect(r).toMatchObject({ pass: true });
  });

  it("names the first differing path, with strict types", async () => {
    const out = jsonOutput({ team: "billing", items: [{ sku: "A", qty: 1 }, { sku: "B", qty: 3 }] });
    const r = await grade(out, { type: "json-equals", value: { team: "billing", items: [{ sku: "A", qty: 1 }, { sku: "B", qty: 2 }] } });
    expect(r).toMatchObject({ value: 0, reason: "output JSON differs: $.items[1].qty: expected 2, got 3" });
    const typed = await grade(jsonOutput({ qty: "2" }), { type: "json-equals", value: { qty: 2 } });
    expect(typed.reason).toBe('output JSON differs: $.qty: expected 2, got "2" (a string)');
  });

  it("reports an extra key, and works on a path", async () => {
    const out = jsonOutput({ order: { id: "ORD-1", note: "rush" } });
    expect((await grade(out, { type: "json-equals", path: "$.order", value: { id: "ORD-1" } })).reason).toBe("$.order differs: $.order.note is unexpected (got rush)");
  });
});
