import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../core/index.js";
import { renderChatRequest } from "./render-chat.js";
import { renderResponsesRequest } from "./render-responses.js";

const DATA_URL = "data:image/png;base64,iVBORw0KGgo=";

function req(content: GenerateRequest["messages"][number]["content"]): GenerateRequest {
  return { api: "chat", model: "gpt-4.1-mini", messages: [{ role: "user", content } as GenerateRequest["messages"][number]], params: {}, attempt: "c1/0", stream: false };
}

describe("content parts (docs/translation.md \"Images\")", () => {
  const parts = req([
    { type: "text", text: "Total?" },
    { type: "image", url: DATA_URL, detail: "low" },
    { type: "image", url: "https://example.com/r.png", detail: "auto" },
  ]);

  it("become Chat's text and image_url parts, detail sent even when auto", () => {
    expect(renderChatRequest(parts).messages).toEqual([
      { role: "user", content: [
        { type: "text", text: "Total?" },
        { type: "image_url", image_url: { url: DATA_URL, detail: "low" } },
        { type: "image_url", image_url: { url: "https://example.com/r.png", detail: "auto" } },
      ] },
    ]);
  });

  it("become a Responses message item of input_text and input_image parts (detail is required there), never a plain string", () => {
    expect(renderResponsesRequest({ ...parts, api: "responses" }).input).toEqual([
      { type: "message", role: "user", content: [
        { type: "input_text", text: "Total?" },
        { type: "input_image", image_url: DATA_URL, detail: "low" },
        { type: "input_image", image_url: "https://example.com/r.png", detail: "auto" },
      ] },
    ]);
  });

  it("leave a string content a string on both APIs", () => {
    expect(renderChatRequest(req("Total?")).messages).toEqual([{ role: "user", content: "Total?" }]);
    expect(renderResponsesRequest({ ...req("Total?"), api: "responses" }).input).toBe("Total?");
  });
});
