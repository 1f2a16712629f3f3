import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { imageDataUrl, REDACTED, sha256 } from "../core/index.js";
import { IMAGE_REF_PREFIX } from "./image-refs.js";
import { ARM_B, makeAttempt, makeCases, makeRun, makeSuite } from "./store-fixtures.js";
import type { Store } from "./store.js";

type Open = (location?: string) => Promise<Store>;

const png = readFileSync(new URL("../../tests/fixtures/images/receipt.png", import.meta.url));
const dataUrl = imageDataUrl("image/png", png);

const chatRequest = (caseId: string) => ({
  model: "gpt-4.1-mini",
  messages: [{ role: "user", content: [{ type: "text", text: `read receipt ${caseId}` }, { type: "image_url", image_url: { url: dataUrl, detail: "low" } }] }],
  headers: { authorization: "Bearer sk-test-0123456789abcdef" },
});
const responsesRequest = { model: "gpt-4.1-mini", input: [{ type: "message", role: "user", content: [{ type: "input_image", image_url: dataUrl, detail: "auto" }] }] };

/** Images an attempt sent: kept once by content hash, the stored raw request naming them (docs/design/store.md "Images"). */
export function describeImages(open: Open): void {
  it("stores an image sent by many attempts once, by its sha256, and the raw request names it instead of the data URL", async () => {
    const store = await open();
    await store.createRun(makeRun(), makeSuite(), makeCases(2));
    const base = makeAttempt({ caseId: "case-000" });
    const withRequest = (a: typeof base, request: unknown) => ({ ...a, output: { ...a.output!, raw: { ...a.output!.raw, request } } });
    for (const repeat of [0, 1]) await store.recordAttempt(withRequest(makeAttempt({ caseId: "case-000", repeat }), chatRequest("case-000")));
    await store.recordAttempt(withRequest(makeAttempt({ caseId: "case-001", arm: ARM_B.arm }), responsesRequest));

    const hash = sha256(png);
    const ref = `${IMAGE_REF_PREFIX}${hash}`;
    const chat = (await store.getAttempt(base.runId, "case-000", base.arm, 1))!.output!.raw.request as ReturnType<typeof chatRequest>;
    expect(chat.messages[0]!.content).toEqual([{ type: "text", text: "read receipt case-000" }, { type: "image_url", image_url: { url: ref, detail: "low" } }]);
    // Secrets are still masked beside the reference, and the reference survives the masking.
    expect(chat.headers.authorization).toBe(REDACTED);
    const resp = (await store.getAttempt(base.runId, "case-001", ARM_B.arm, 0))!.output!.raw.request as typeof responsesRequest;
    expect(resp.input[0]!.content[0]).toEqual({ type: "input_image", image_url: ref, detail: "auto" });

    const image = await store.getImage(hash);
    expect(image?.mediaType).toBe("image/png");
    expect(Buffer.compare(image!.bytes, png)).toBe(0);
    expect(await store.getImage(sha256("no such image"))).toBeUndefined();
  });

  it("keeps a data URL that holds no image as it was sent (nothing to store apart)", async () => {
    const store = await open();
    await store.createRun(makeRun(), makeSuite(), makeCases(1));
    const notImage = `data:image/png;base64,${Buffer.from("plain text, not a PNG").toString("base64")}`;
    const a = makeAttempt({ caseId: "case-000" });
    await store.recordAttempt({ ...a, output: { ...a.output!, raw: { request: { url: notImage }, response: null } } });
    expect((await store.getAttempt(a.runId, a.caseId, a.arm, 0))!.output!.raw.request).toEqual({ url: notImage });
  });
}
