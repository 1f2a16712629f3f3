import type { ImageMediaType } from "./image-format.js";

/**
 * Message content as the neutral request carries it: a string, or a list of text and image
 * parts (docs/translation.md "Images"). Providers render the parts per API; the simulator,
 * the answer index and the cost estimate read the same list.
 */
export type NeutralContent = string | NeutralContentPart[];

/** How closely the model looks at an image (both APIs); `auto` lets it decide. */
export type ImageDetail = "auto" | "low" | "high";

export type NeutralContentPart = { type: "text"; text: string } | NeutralImagePart;

export interface NeutralImagePart {
  type: "image";
  /** An https:// URL as written, or a local file as a base64 data URL. */
  url: string;
  detail: ImageDetail;
  /** A local file's content hash, type and size (absent for a URL). */
  source?: ImageSource;
}

/** A local image as loaded: what the store keys it by and what a token count needs. */
export interface ImageSource {
  sha256: string;
  mediaType: ImageMediaType;
  width: number;
  height: number;
  bytes: number;
}

/** The text of a content: a string as it is, the text parts joined by newlines (as the simulator reads the wire). */
export function contentText(content: NeutralContent): string {
  if (typeof content === "string") return content;
  let text: string | undefined;
  for (const part of content) if (part.type === "text") text = text === undefined ? part.text : `${text}\n${part.text}`;
  return text ?? "";
}

/** The image parts of a content. */
export function contentImages(content: NeutralContent): NeutralImagePart[] {
  return typeof content === "string" ? [] : content.filter((p): p is NeutralImagePart => p.type === "image");
}
