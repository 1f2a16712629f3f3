import type { ChatCompletionContentPart, ChatCompletionContentPartText } from "openai/resources/chat/completions";
import type { ResponseInputMessageContentList } from "openai/resources/responses/responses";
import type { NeutralContent, NeutralContentPart } from "../../core/index.js";

/**
 * Message content per API (docs/translation.md "Images"): a string stays a string; parts
 * become Chat's `text` / `image_url` parts and Responses' `input_text` / `input_image`
 * (whose `detail` the spec requires; the suite defaults it to `auto`).
 */
export function chatContent(content: NeutralContent): string | ChatCompletionContentPart[] {
  return typeof content === "string" ? content : content.map(chatPart);
}

/** System and developer turns take text parts only (the suite format gives them no images). */
export function chatTextContent(content: NeutralContent): string | ChatCompletionContentPartText[] {
  if (typeof content === "string") return content;
  return content.flatMap((p) => (p.type === "text" ? [{ type: "text" as const, text: p.text }] : []));
}

function chatPart(p: NeutralContentPart): ChatCompletionContentPart {
  return p.type === "text" ? { type: "text", text: p.text } : { type: "image_url", image_url: { url: p.url, detail: p.detail } };
}

export function responsesContent(content: NeutralContent): string | ResponseInputMessageContentList {
  if (typeof content === "string") return content;
  return content.map((p) => (p.type === "text" ? { type: "input_text", text: p.text } : { type: "input_image", image_url: p.url, detail: p.detail }));
}
