import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeImageDataUrl, imageDataUrl, isImageDataUrl, sniffImage } from "./image-format.js";

const fixture = (name: string) => readFileSync(new URL(`../../tests/fixtures/images/${name}`, import.meta.url));
const bytes = (...parts: Array<number[] | string>) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const le16 = (n: number) => [n & 0xff, n >> 8];
const le24 = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];

describe("sniffImage", () => {
  it("reads a PNG's size from its IHDR (the fixtures, made with node:zlib)", () => {
    expect(sniffImage(fixture("receipt.png"))).toEqual({ mediaType: "image/png", width: 600, height: 400 });
    expect(sniffImage(fixture("square.png"))).toEqual({ mediaType: "image/png", width: 1024, height: 1024 });
  });

  it("reads a GIF's logical screen size", () => {
    expect(sniffImage(bytes("GIF89a", le16(320), le16(200), [0, 0, 0]))).toEqual({ mediaType: "image/gif", width: 320, height: 200 });
  });

  it("walks a JPEG's segments to its start-of-frame, past APP and DHT segments", () => {
    const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from("JFIF\0"), 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const dht = [0xff, 0xc4, 0x00, 0x04, 0x00, 0x00];
    // SOF2 (progressive): length 17, precision 8, height 480, width 640.
    const sof2 = [0xff, 0xc2, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    expect(sniffImage(bytes([0xff, 0xd8], app0, dht, sof2))).toEqual({ mediaType: "image/jpeg", width: 640, height: 480 });
  });

  it("reads the three WebP headers: lossy VP8, lossless VP8L and extended VP8X", () => {
    const riff = (chunk: string, body: number[]) => bytes("RIFF", [0, 0, 0, 0], "WEBP", chunk, [body.length, 0, 0, 0], body);
    const vp8 = riff("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, ...le16(800), ...le16(600), 0, 0]);
    expect(sniffImage(vp8)).toEqual({ mediaType: "image/webp", width: 800, height: 600 });
    // VP8L: signature 0x2f, then 14 bits width−1 and 14 bits height−1: 99 and 49.
    const bits = 99 | (49 << 14);
    const vp8l = riff("VP8L", [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff]);
    expect(sniffImage(vp8l)).toEqual({ mediaType: "image/webp", width: 100, height: 50 });
    const vp8x = riff("VP8X", [0, 0, 0, 0, ...le24(4095), ...le24(2159)]);
    expect(sniffImage(vp8x)).toEqual({ mediaType: "image/webp", width: 4096, height: 2160 });
  });

  it("is null for anything else: text, a PDF, an SVG, a cut-short header, a zero size", () => {
    expect(sniffImage(fixture("not-an-image.png"))).toBeNull();
    expect(sniffImage(bytes("%PDF-1.7\n"))).toBeNull();
    expect(sniffImage(bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(sniffImage(fixture("receipt.png").subarray(0, 20))).toBeNull();
    expect(sniffImage(bytes("GIF89a", le16(0), le16(10)))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
  });
});

describe("image data URLs", () => {
  it("encode a file as base64 and decode back, whole or only a header's worth", () => {
    const png = fixture("receipt.png");
    const url = imageDataUrl("image/png", png);
    expect(url.startsWith("data:image/png;base64,iVBORw0KGgo")).toBe(true);
    expect(isImageDataUrl(url)).toBe(true);
    expect(isImageDataUrl("https://example.com/a.png")).toBe(false);
    expect(decodeImageDataUrl(url)).toEqual({ declaredType: "image/png", bytes: png });
    expect(decodeImageDataUrl(url, 30)?.bytes.length).toBe(30);
    expect(sniffImage(decodeImageDataUrl(url, 30)!.bytes)).toEqual({ mediaType: "image/png", width: 600, height: 400 });
    expect(decodeImageDataUrl("data:text/plain;base64,aGk=")).toBeNull();
  });
});
