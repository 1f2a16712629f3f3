import { describe, expect, it } from "vitest";
import { normalizeNullable, responseStreamEventSchemaFor, specErrors } from "./openapi.js";

describe("the spec loader", () => {
  it("turns OpenAPI 3.0 nullable into a null alternative", () => {
    expect(normalizeNullable({ type: "string", nullable: true })).toEqual({ type: ["string", "null"] });
    expect(normalizeNullable({ $ref: "#/x", nullable: true })).toEqual({ anyOf: [{ $ref: "#/x" }, { type: "null" }] });
  });

  it("accepts a minimal valid chat completion and rejects one missing choices", () => {
    const ok = {
      id: "chatcmpl-1",
      object: "chat.completion",
      created: 1,
      model: "gpt-4.1-mini",
      choices: [{ index: 0, finish_reason: "stop", logprobs: null, message: { role: "assistant", content: "hi", refusal: null } }],
    };
    expect(specErrors("CreateChatCompletionResponse", ok)).toEqual([]);
    const { choices: _c, ...bad } = ok;
    expect(specErrors("CreateChatCompletionResponse", bad).join("\n")).toContain("choices");
  });

  it("finds the member schema of a Responses stream event by its type", () => {
    expect(responseStreamEventSchemaFor("response.output_text.delta")).toBe("ResponseTextDeltaEvent");
    expect(responseStreamEventSchemaFor("response.completed")).toBe("ResponseCompletedEvent");
  });
});
