import { describe, expect, it } from "vitest";
import { prepareRequest, renderEmbeddingRequest } from "../../src/providers/index.js";
import { specErrors } from "../helpers/openapi.js";
import { SHAPES } from "./shapes.js";

const SCHEMA = { chat: "CreateChatCompletionRequest", responses: "CreateResponse" } as const;

describe("every request body validates against the official OpenAI spec", () => {
  for (const shape of SHAPES) {
    for (const api of ["chat", "responses"] as const) {
      for (const stream of [true, false]) {
        it(`${shape.name} · ${api} · ${stream ? "stream" : "no stream"} is a valid ${SCHEMA[api]}`, () => {
          const prepared = prepareRequest(shape.make(api, stream));
          expect(prepared.errors).toEqual([]);
          expect(specErrors(SCHEMA[api], prepared.wire.body)).toEqual([]);
          expect((prepared.wire.body as { stream?: boolean }).stream).toBe(stream ? true : undefined);
        });
      }
    }
  }

  it("an embeddings request is a valid CreateEmbeddingRequest and asks for floats", () => {
    const body = renderEmbeddingRequest({ model: "text-embedding-3-small", input: ["a", "b"] });
    expect(specErrors("CreateEmbeddingRequest", body)).toEqual([]);
    expect(body.encoding_format).toBe("float");
  });

  it("the validator does reject a malformed body (the check is not vacuous)", () => {
    const body = prepareRequest(SHAPES[4]!.make("responses", false)).wire.body as unknown as Record<string, unknown>;
    const nested = { ...body, tools: [{ type: "function", function: { name: "lookup_order" } }] };
    expect(specErrors("CreateResponse", nested).length).toBeGreaterThan(0);
    expect(specErrors("CreateChatCompletionRequest", { model: "m", messages: [] }).length).toBeGreaterThan(0);
  });
});
