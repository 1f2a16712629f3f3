/**
 * Image inputs through the simulator: their tokens join the usage by the vision guide's
 * formulas (docs/simulator.md "Images"), the same on both APIs; what it cannot read is the
 * API's 400, in the spec's error shape.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { specErrors } from "../helpers/openapi.js";
import { chatBody, RECEIPT_DATA_URL, responsesBody, type ImagePart } from "./request-bodies.js";
import { postJson, routingIndex, textKey } from "./sim-client.js";

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ seed: 3 }, routingIndex(2));
});
afterAll(async () => sim.close());

/** Input tokens of one request: prompt_tokens on Chat, input_tokens on Responses. */
async function inputTokens(api: "chat" | "responses", model: string, images: ImagePart[]): Promise<number> {
  const o = { model, user: textKey(0), shape: "text" as const, stream: false, instructions: "Read receipts.", images };
  const res = await postJson(sim.url, api === "chat" ? "/chat/completions" : "/responses", api === "chat" ? chatBody(o) : responsesBody(o));
  expect(res.status, res.text).toBe(200);
  const usage = JSON.parse(res.text).usage as { prompt_tokens?: number; input_tokens?: number };
  return (api === "chat" ? usage.prompt_tokens : usage.input_tokens)!;
}

describe.each(["chat", "responses"] as const)("%s usage", (api) => {
  it("adds the 600×400 PNG's tokens by the model's rule", async () => {
    const receipt = (detail: ImagePart["detail"]) => [{ url: RECEIPT_DATA_URL, detail }];
    // gpt-4o (tiles): 600×400 needs 2 × 1 tiles → 85 + 2 × 170 = 425 at auto/high; low is the base, 85.
    const textOnly = await inputTokens(api, "gpt-4o", []);
    expect((await inputTokens(api, "gpt-4o", receipt("auto"))) - textOnly).toBe(425);
    expect((await inputTokens(api, "gpt-4o", receipt("low"))) - textOnly).toBe(85);
    // gpt-4.1-mini (patches): ⌈600/32⌉ × ⌈400/32⌉ = 19 × 13 = 247 patches × 1.62 = 400.14 → 401, whatever the detail.
    const miniText = await inputTokens(api, "gpt-4.1-mini", []);
    expect((await inputTokens(api, "gpt-4.1-mini", receipt("low"))) - miniText).toBe(401);
    // Two images count twice.
    expect((await inputTokens(api, "gpt-4.1-mini", [...receipt("high"), ...receipt("high")])) - miniText).toBe(802);
  });

  it("counts an https:// image it cannot fetch as 512 × 512: one tile on gpt-4o, 16 × 16 patches on gpt-4.1-mini", async () => {
    const url = [{ url: "https://example.com/receipt.png", detail: "high" as const }];
    // gpt-4o: 85 + 170 = 255. gpt-4.1-mini: 256 patches × 1.62 = 414.72 → 415.
    expect((await inputTokens(api, "gpt-4o", url)) - (await inputTokens(api, "gpt-4o", []))).toBe(255);
    expect((await inputTokens(api, "gpt-4.1-mini", url)) - (await inputTokens(api, "gpt-4.1-mini", []))).toBe(415);
  });

  it("answers a data URL holding no image, and an image for a model that takes none, with a 400 in the spec's error shape", async () => {
    const path = api === "chat" ? "/chat/completions" : "/responses";
    const build = api === "chat" ? chatBody : responsesBody;
    const notImage = `data:image/png;base64,${Buffer.from("not an image at all").toString("base64")}`;
    const bad = await postJson(sim.url, path, build({ model: "gpt-4o", user: textKey(1), shape: "text", stream: false, images: [{ url: notImage }] }));
    expect(bad.status).toBe(400);
    expect(specErrors("ErrorResponse", JSON.parse(bad.text))).toEqual([]);
    expect(JSON.parse(bad.text).error).toMatchObject({ code: "invalid_image_format", param: `${api === "chat" ? "messages[0]" : "input[0]"}.content[1]` });
    const blind = await postJson(sim.url, path, build({ model: "o3-mini", user: textKey(1), shape: "text", stream: false, images: [{ url: RECEIPT_DATA_URL }] }));
    expect(blind.status).toBe(400);
    expect(JSON.parse(blind.text).error.code).toBe("image_not_supported");
  });
});

it("places a request by its text parts: the image does not change which case answers", async () => {
  const o = { model: "gpt-4o", user: textKey(1), shape: "text" as const, stream: false };
  // One attempt tag for both: the same draw, so only placement could make them differ.
  const header = { "x-evalgate-attempt": "text-1/0" };
  const plain = JSON.parse((await postJson(sim.url, "/chat/completions", chatBody(o), header)).text);
  const withImage = JSON.parse((await postJson(sim.url, "/chat/completions", chatBody({ ...o, images: [{ url: RECEIPT_DATA_URL }] }), header)).text);
  expect(withImage.choices[0].message.content).toBe(plain.choices[0].message.content);
  expect(withImage.choices[0].message.content).toContain("team");
});
