/**
 * The four image formats the OpenAI APIs accept (PNG, JPEG, GIF, WebP), told by their magic
 * bytes, with the pixel size read from the header: what a suite's image is sent as and what
 * its token count needs (docs/suite-format.md "Images"). A short parser, not a decoder: it
 * reads the few header fields and never the pixels.
 */
export type ImageMediaType = "image/png" | "image/jpeg" | "image/gif" | "image/webp";

export interface ImageInfo {
  mediaType: ImageMediaType;
  width: number;
  height: number;
}

/** The format and pixel size of an image file's bytes, or null when they are none of the four (or the header is cut short). */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return png(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpeg(bytes);
  if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") return gif(bytes);
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return webp(bytes);
  return null;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  if (bytes.length < at + length) return "";
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;

const sized = (mediaType: ImageMediaType, width: number, height: number): ImageInfo | null =>
  width > 0 && height > 0 ? { mediaType, width, height } : null;

/** The IHDR chunk comes first: width and height at bytes 16 and 20, big-endian. */
function png(b: Uint8Array): ImageInfo | null {
  if (b.length < 24 || ascii(b, 12, 4) !== "IHDR") return null;
  return sized("image/png", u32be(b, 16), u32be(b, 20));
}

/** Logical screen width and height at bytes 6 and 8, little-endian. */
function gif(b: Uint8Array): ImageInfo | null {
  if (b.length < 10) return null;
  return sized("image/gif", u16le(b, 6), u16le(b, 8));
}

/** Walks the markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC): height at +5, width at +7. */
function jpeg(b: Uint8Array): ImageInfo | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2; // markers without a length
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return sized("image/jpeg", u16be(b, i + 7), u16be(b, i + 5));
    }
    i += 2 + u16be(b, i + 2);
  }
  return null;
}

/** A lossy (VP8), lossless (VP8L) or extended (VP8X) first chunk, each with its own size fields. */
function webp(b: Uint8Array): ImageInfo | null {
  const chunk = ascii(b, 12, 4);
  if (chunk === "VP8 " && b.length >= 30) return sized("image/webp", u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  if (chunk === "VP8L" && b.length >= 25 && b[20] === 0x2f) {
    const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
    return sized("image/webp", (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X" && b.length >= 30) return sized("image/webp", u24le(b, 24) + 1, u24le(b, 27) + 1);
  return null;
}

/** `data:<type>;base64,<bytes>`: how a local image is sent to both APIs. */
export function imageDataUrl(mediaType: ImageMediaType, bytes: Uint8Array): string {
  return `data:${mediaType};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")}`;
}

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,/i;

/** True for a base64 image data URL (checked by its head only: the body may be megabytes). */
export function isImageDataUrl(text: string): boolean {
  return text.length > 16 && text.charCodeAt(0) === 100 /* d */ && DATA_URL.test(text.slice(0, 64));
}

/**
 * The decoded bytes of a base64 image data URL, or null when the text is not one. `maxBytes`
 * decodes no more than that (a header is all a size needs; base64 decodes in 4-char groups).
 */
export function decodeImageDataUrl(url: string, maxBytes?: number): { declaredType: string; bytes: Buffer } | null {
  const head = DATA_URL.exec(url.slice(0, 64));
  if (!head) return null;
  const start = head[0].length;
  const end = maxBytes === undefined ? url.length : Math.min(url.length, start + Math.ceil(maxBytes / 3) * 4);
  return { declaredType: head[1]!.toLowerCase(), bytes: Buffer.from(url.slice(start, end), "base64") };
}
