import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { imageDataUrl, noteJsonText, sha256 } from "../core/index.js";
import { extractImages, IMAGE_REF_PREFIX, imageRefHash } from "./image-refs.js";

const png = readFileSync(new URL("../../tests/fixtures/images/receipt.png", import.meta.url));
const url = imageDataUrl("image/png", png);
const ref = `${IMAGE_REF_PREFIX}${sha256(png)}`;

describe("extractImages", () => {
  it("replaces each image data URL with its reference and returns each image once, by the hash of its bytes", () => {
    const request = { model: "m", messages: [{ role: "system", content: "x" }, { role: "user", content: [{ type: "image_url", image_url: { url } }, { type: "input_image", image_url: url }] }] };
    const { request: out, images } = extractImages(request);
    expect(out).toEqual({ model: "m", messages: [{ role: "system", content: "x" }, { role: "user", content: [{ type: "image_url", image_url: { url: ref } }, { type: "input_image", image_url: ref }] }] });
    expect(images).toHaveLength(1);
    expect(images[0]).toMatchObject({ sha256: sha256(png), mediaType: "image/png" });
    expect(Buffer.compare(images[0]!.bytes, png)).toBe(0);
    expect(imageRefHash(ref)).toBe(sha256(png));
    expect(imageRefHash("https://example.com/a.png")).toBeNull();
  });

  it("copies only the paths that held an image: the original is untouched, untouched branches are shared, a request without one is returned as it is", () => {
    const system = { role: "system", content: "x" };
    const image = { type: "input_image", image_url: url };
    const request = { messages: [system, { role: "user", content: [image] }] };
    const { request: out } = extractImages(request) as { request: typeof request };
    expect(image.image_url).toBe(url);
    expect(out.messages[0]).toBe(system);
    const plain = { messages: [{ role: "user", content: "hello" }] };
    expect(extractImages(plain)).toEqual({ request: plain, images: [] });
    expect(extractImages(plain).request).toBe(plain);
  });

  it("takes the images out of a request sent as noted text, and returns one whose text holds no data URL as it is", () => {
    const sent = { messages: [{ role: "user", content: [{ type: "input_image", image_url: url }] }] };
    noteJsonText(sent, JSON.stringify(sent));
    expect(extractImages(sent).images.map((i) => i.sha256)).toEqual([sha256(png)]);
    // The noted text says there is no data URL: the value is not walked (a data URL in it, never sent as such, stays).
    const plain = noteJsonText({ messages: [{ role: "user", content: [{ type: "input_image", image_url: url }] }] }, '{"messages":[]}');
    expect(extractImages(plain)).toEqual({ request: plain, images: [] });
  });
});
