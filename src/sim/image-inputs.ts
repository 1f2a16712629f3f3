import { decodeImageDataUrl, sniffImage } from "../core/image-format.js";
import { imageTokensFor, UNKNOWN_IMAGE_SIDE, visionRuleFor } from "../core/image-tokens.js";
import type { Api } from "../core/request.js";
import type { ImageDetail } from "../core/content.js";
import { invalidRequest } from "./wire-errors.js";

/** An image of a request as the token count needs it. */
export interface SimImage {
  width: number;
  height: number;
  detail: ImageDetail;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A header is all a size needs; 64 KiB holds it for PNG, GIF and WebP, and for most JPEGs (else the whole file is read). */
const HEADER_BYTES = 64 * 1024;

/**
 * The images of a request (Chat `image_url` parts, Responses `input_image` parts) with the
 * pixel size their tokens need (docs/simulator.md "Images"): a data URL's from its header;
 * an image the simulator cannot fetch (an https:// URL, a `file_id`) counts as 512 × 512. A
 * data URL holding no PNG, JPEG, GIF or WebP is the API's 400 `invalid_image_format`; a
 * catalog model that takes no images is a 400 as well.
 */
export function readImageInputs(body: unknown, api: Api): SimImage[] {
  if (!isObj(body)) return [];
  const images: SimImage[] = [];
  const turns = api === "chat" ? body.messages : body.input;
  if (!Array.isArray(turns)) return images;
  turns.forEach((turn, i) => {
    const content = isObj(turn) ? turn.content : undefined;
    if (!Array.isArray(content)) return;
    content.forEach((part, j) => {
      const param = `${api === "chat" ? "messages" : "input"}[${i}].content[${j}]`;
      const image = api === "chat" ? chatImage(part) : responsesImage(part);
      if (image) images.push(sizeOf(image.url, image.detail, param));
    });
  });
  if (images.length > 0 && typeof body.model === "string" && visionRuleFor(body.model) === null) {
    throw invalidRequest(`Invalid content type. Image inputs are not supported by ${body.model}.`, api === "chat" ? "messages" : "input", "image_not_supported");
  }
  return images;
}

/** The input tokens of a request's images on a model. */
export function imageInputTokens(model: string, images: readonly SimImage[] | undefined): number {
  let tokens = 0;
  for (const image of images ?? []) tokens += imageTokensFor(model, image.width, image.height, image.detail);
  return tokens;
}

function chatImage(part: unknown): { url: string | null; detail: unknown } | null {
  if (!isObj(part) || part.type !== "image_url" || !isObj(part.image_url)) return null;
  return { url: typeof part.image_url.url === "string" ? part.image_url.url : null, detail: part.image_url.detail };
}

function responsesImage(part: unknown): { url: string | null; detail: unknown } | null {
  if (!isObj(part) || part.type !== "input_image") return null;
  return { url: typeof part.image_url === "string" ? part.image_url : null, detail: part.detail };
}

function sizeOf(url: string | null, detail: unknown, param: string): SimImage {
  const d: ImageDetail = detail === "low" || detail === "high" ? detail : "auto";
  if (url === null || !url.startsWith("data:")) return { width: UNKNOWN_IMAGE_SIDE, height: UNKNOWN_IMAGE_SIDE, detail: d };
  const info = sniffDataUrl(url, HEADER_BYTES) ?? sniffDataUrl(url);
  if (!info) {
    throw invalidRequest("You uploaded an unsupported image. Please make sure your image is a valid PNG, JPEG, GIF or WebP.", param, "invalid_image_format");
  }
  return { width: info.width, height: info.height, detail: d };
}

function sniffDataUrl(url: string, maxBytes?: number) {
  const decoded = decodeImageDataUrl(url, maxBytes);
  return decoded ? sniffImage(decoded.bytes) : null;
}
