import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import "../graders/index.js";
import { sha256 } from "../core/index.js";
import { estimatePlanCost, requestInputTokens } from "./estimate.js";
import { loadSuite } from "./load-suite.js";
import { planSuite } from "./plan.js";
import { buildAnswerIndex } from "./answer-index.js";
import { writeSuiteDir } from "./test-suite-dir.js";

const png = (name: string) => new URL(`../../tests/fixtures/images/${name}`, import.meta.url);

/** A suite whose input has a text part and an image part; `image` and `model` vary per test. */
const suiteYaml = (image: string, model = "gpt-4o", detail = "") => `name: images
prompts:
  - id: read
    input:
      - { text: "Receipt {{receipt}}" }
      - { image: "${image}"${detail} }
targets:
  - { id: chat, api: chat, model: ${model} }
  - { id: resp, api: responses, model: ${model} }
cases:
  - { id: c1, vars: { receipt: R-1, file: receipt.png } }
  - { id: c2, vars: { receipt: R-2, file: square.png } }
  - { id: c3, vars: { receipt: R-3, file: receipt.png } }
sim: { answer: "{{receipt}}" }
`;

const dir = writeSuiteDir({
  "templated.yaml": suiteYaml("file://img/{{file}}"),
  "static-low.yaml": suiteYaml("file://img/receipt.png", "gpt-4.1-mini", ", detail: low"),
  "https.yaml": suiteYaml("https://example.com/{{file}}"),
  "ftp.yaml": suiteYaml("ftp://example.com/{{file}}"),
  "unknown-var.yaml": suiteYaml("file://img/{{fiel}}"),
  "blind.yaml": suiteYaml("file://img/receipt.png", "o3-mini"),
  "outside.yaml": suiteYaml("file:///etc/hostname"),
  "package.json": "{}",
});
mkdirSync(join(dir, "img"), { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const load = (name: string) => loadSuite(join(dir, name));

describe("image parts in a suite", () => {
  test("a templated reference loads each distinct file once; every attempt of a case shares its data URL", async () => {
    writeSuiteImages();
    const suite = await load("templated.yaml");
    expect([...suite.images.keys()].sort()).toEqual(["file://img/receipt.png", "file://img/square.png"]);
    const plan = planSuite(suite);
    const parts = plan.attempts.map((a) => a.request.messages[0]!.content);
    expect(parts[0]).toEqual([
      { type: "text", text: "Receipt R-1" },
      { type: "image", url: expect.stringMatching(/^data:image\/png;base64,iVBORw0KGgo/), detail: "auto", source: { sha256: sha256(readFileSync(png("receipt.png"))), mediaType: "image/png", width: 600, height: 400, bytes: 241 } },
    ]);
    // c1 and c3 name the same file: one string, not a copy per case.
    const urlOf = (caseId: string) => (plan.attempts.find((a) => a.caseId === caseId)!.request.messages[0]!.content as Array<{ url?: string }>)[1]!.url;
    expect(Object.is(urlOf("c1"), urlOf("c3"))).toBe(true);
    // The answer index keys a case by its text parts.
    expect(buildAnswerIndex(suite).entries.map((e) => e.keys)).toEqual([["Receipt R-1"], ["Receipt R-2"], ["Receipt R-3"]]);
  });

  test("an image changes the suite hash; validate's estimate counts its tokens by the target's model", async () => {
    writeSuiteImages();
    const before = (await load("templated.yaml")).hash;
    copyFileSync(png("square.png"), join(dir, "img/receipt.png"));
    const after = await load("templated.yaml");
    expect(after.hash).not.toBe(before);
    writeSuiteImages();
    const low = await load("static-low.yaml");
    const plan = planSuite(low);
    // gpt-4.1-mini, 600×400: 19 × 13 = 247 patches × 1.62 → 401 tokens (detail low changes nothing on a patch model).
    const request = plan.attempts[0]!.request;
    const textOnly = requestInputTokens({ ...request, messages: [{ role: "user", content: "Receipt R-1" }] });
    expect(requestInputTokens(request) - textOnly).toBe(401);
    // gpt-4o, auto: receipt 425, square 765: the arm's 3 attempts carry 425 + 765 + 425 = 1615 image tokens.
    const tile = planSuite(await load("templated.yaml"));
    const [chat] = estimatePlanCost(tile);
    const texts = tile.attempts.filter((a) => a.arm === chat!.arm).map((a) => requestInputTokens({ ...a.request, messages: [{ role: "user", content: `Receipt ${a.caseId.replace("c", "R-")}` }] }));
    expect(chat!.inputTokens - texts.reduce((s, n) => s + n, 0)).toBe(1615);
  });

  test("an https:// reference is sent as written; any other scheme is a load error at the reference, naming the case", async () => {
    const suite = await load("https.yaml");
    expect(suite.images.size).toBe(0);
    expect(planSuite(suite).attempts[0]!.request.messages[0]!.content).toEqual([{ type: "text", text: "Receipt R-1" }, { type: "image", url: "https://example.com/receipt.png", detail: "auto" }]);
    await expect(load("ftp.yaml")).rejects.toMatchObject({
      code: "SUITE_INVALID",
      message: expect.stringContaining('image "ftp://example.com/receipt.png" for case c1'),
      location: { line: 6, col: expect.any(Number) },
    });
  });

  test("an unknown variable in a reference, a system path, and a model that takes no images are load errors", async () => {
    await expect(load("unknown-var.yaml")).rejects.toMatchObject({ code: "TEMPLATE_ERROR", location: { line: 6 } });
    await expect(load("outside.yaml")).rejects.toMatchObject({ code: "PATH_NOT_ALLOWED" });
    writeSuiteImages();
    await expect(load("blind.yaml")).rejects.toMatchObject({ code: "SUITE_INVALID", message: expect.stringContaining("o3-mini takes no images"), location: { line: 8 } });
  });
});

function writeSuiteImages(): void {
  copyFileSync(png("receipt.png"), join(dir, "img/receipt.png"));
  copyFileSync(png("square.png"), join(dir, "img/square.png"));
}
