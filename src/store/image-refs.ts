import { decodeImageDataUrl, isImageDataUrl, notedJsonText, sha256, sniffImage } from "../core/index.js";

/**
 * How a stored raw request names an image it sent (docs/design/store.md "Images"): the data
 * URL replaced by `evalgate-image:sha256:<hex>`, the image's bytes kept once in the store's
 * image table by that hash, however many attempts, repeats and runs sent it.
 */
export const IMAGE_REF_PREFIX = "evalgate-image:sha256:";

/** One image as the store keeps it: its file's bytes, by their sha256. */
export interface StoredImage {
  sha256: string;
  mediaType: string;
  bytes: Buffer;
}

/** Data URLs seen lately, by the string itself: an arm's attempts send the same string, decoded and hashed once. */
const MEMO_KEPT = 32;
const memo = new Map<string, StoredImage>();

/**
 * The raw request with every base64 image data URL replaced by its reference, and the images
 * it held. The value is copied only along the paths that held an image; a request without
 * one is returned as it is.
 */
export function extractImages(request: unknown): { request: unknown; images: StoredImage[] } {
  // A request whose sent text holds no data URL (nor an escape that could spell one) holds no image: no walk.
  const sent = notedJsonText(request);
  if (sent !== undefined && !sent.includes("data:") && !sent.includes("\\u")) return { request, images: [] };
  const found = new Map<string, StoredImage>();
  const out = replaceDataUrls(request, found);
  return { request: out, images: [...found.values()] };
}

/** The hash a stored reference names, or null when the text is not one. */
export function imageRefHash(text: string): string | null {
  return text.startsWith(IMAGE_REF_PREFIX) ? text.slice(IMAGE_REF_PREFIX.length) : null;
}

function replaceDataUrls(value: unknown, found: Map<string, StoredImage>): unknown {
  if (typeof value === "string") {
    if (!isImageDataUrl(value)) return value;
    const image = storedImage(value);
    if (!image) return value;
    found.set(image.sha256, image);
    return IMAGE_REF_PREFIX + image.sha256;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((v, i) => {
      const r = replaceDataUrls(v, found);
      if (r !== v) (copy ??= value.slice())[i] = r;
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === "object") {
    let copy: Record<string, unknown> | undefined;
    for (const [key, v] of Object.entries(value)) {
      const r = replaceDataUrls(v, found);
      if (r !== v) (copy ??= { ...(value as Record<string, unknown>) })[key] = r;
    }
    return copy ?? value;
  }
  return value;
}

/** A data URL's image, or null when its bytes are not one (then it is stored as sent). */
function storedImage(url: string): StoredImage | null {
  const known = memo.get(url);
  if (known) return known;
  const decoded = decodeImageDataUrl(url);
  if (!decoded || !sniffImage(decoded.bytes)) return null;
  const image = { sha256: sha256(decoded.bytes), mediaType: decoded.declaredType, bytes: decoded.bytes };
  if (memo.size >= MEMO_KEPT) memo.delete(memo.keys().next().value as string);
  memo.set(url, image);
  return image;
}
