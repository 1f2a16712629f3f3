import { describe, expect, it } from "vitest";
import { lookupModel } from "./catalog.js";
import { imagePatches, imageTokensFor, patchImageTokens, tileImageTokens, visionRuleFor } from "./image-tokens.js";

/**
 * Worked numbers from OpenAI's "Images and vision" guide, "Calculating costs" (the oracle),
 * and a few computed by hand from its formulas.
 */
describe("image tokens on tile models (gpt-4o, gpt-4.1: 85 + 170 per 512-px tile)", () => {
  it("gives the guide's gpt-4o examples: 1024×1024 high 765, 2048×4096 high 1105, low 85 whatever the size", () => {
    // 1024×1024: fits 2048; short side 1024 → 768×768; 2×2 tiles → 85 + 4 × 170 = 765.
    expect(tileImageTokens(1024, 1024, "high", 85, 170)).toBe(765);
    // 2048×4096 → 1024×2048 (fit 2048) → 768×1536 (short side 768); 2×3 tiles → 85 + 6 × 170 = 1105.
    expect(tileImageTokens(2048, 4096, "high", 85, 170)).toBe(1105);
    expect(tileImageTokens(4096, 8192, "low", 85, 170)).toBe(85);
    expect(imageTokensFor("gpt-4o", 1024, 1024, "high")).toBe(765);
    expect(imageTokensFor("gpt-4o", 1024, 1024, "low")).toBe(85);
    expect(imageTokensFor("gpt-4.1", 1024, 1024, "high")).toBe(765);
  });

  it("never scales an image up, and counts `auto` as high", () => {
    // 500×500: no scaling (short side under 768): 1 tile → 85 + 170 = 255.
    expect(tileImageTokens(500, 500, "high", 85, 170)).toBe(255);
    // 600×400 (the integration fixture): 2×1 tiles → 85 + 2 × 170 = 425.
    expect(imageTokensFor("gpt-4o", 600, 400, "auto")).toBe(425);
    // 513×500 crosses a tile edge: 2 tiles → 425.
    expect(tileImageTokens(513, 500, "high", 85, 170)).toBe(425);
  });

  it("uses each model's base and tile figures from the guide's table", () => {
    // o3: 75 + 150 per tile; 1024×1024 → 4 tiles → 675. gpt-5: 70 + 140 × 4 = 630.
    expect(imageTokensFor("o3", 1024, 1024, "high")).toBe(675);
    expect(imageTokensFor("gpt-5", 1024, 1024, "high")).toBe(630);
    expect(imageTokensFor("gpt-4o-mini", 1024, 1024, "low")).toBe(2833);
  });
});

describe("image tokens on patch models (32-px patches capped at 1,536, times a multiplier)", () => {
  it("gives the guide's patch counts: 1024×1024 → 1024, 1800×2400 → 1452", () => {
    // 1024×1024: 32 × 32 = 1024 patches, under the cap.
    expect(imagePatches(1024, 1024)).toBe(1024);
    // 1800×2400: 57 × 75 = 4275 > 1536; r = √(32² × 1536 / (1800 × 2400)) = 0.6034; 1086.1 px / 32 = 33.94
    // across, 1448.2 / 32 = 45.25 down; r × 33/33.94 → 1056 × 1408 px = 33 × 44 = 1452 patches.
    expect(imagePatches(1800, 2400)).toBe(1452);
  });

  it("multiplies by the model's factor and rounds up: gpt-4.1-mini 1.62, gpt-4.1-nano 2.46, o4-mini 1.72", () => {
    // 1024 × 1.62 = 1658.88 → 1659; 1452 × 2.46 = 3571.92 → 3572; 1452 × 1.72 = 2497.44 → 2498.
    expect(imageTokensFor("gpt-4.1-mini", 1024, 1024, "high")).toBe(1659);
    expect(imageTokensFor("gpt-4.1-nano", 1800, 2400, "high")).toBe(3572);
    expect(imageTokensFor("o4-mini", 1800, 2400, "auto")).toBe(2498);
    // 600×400: ⌈600/32⌉ × ⌈400/32⌉ = 19 × 13 = 247 patches; × 1.62 = 400.14 → 401. `low` changes nothing.
    expect(imageTokensFor("gpt-4.1-mini", 600, 400, "low")).toBe(401);
    // An exact product stays exact: 100 patches (320×320 = 10 × 10) × 2.46 = 246.
    expect(patchImageTokens(320, 320, 2.46)).toBe(246);
  });

  it("shrinks a large square to whole patches and caps a long thin image at 1,536", () => {
    // 4000×4000: r = √(1024 × 1536 / 16e6) = 0.3135 → 39.19 patches a side; × 39/39.19 → 39 × 39 = 1521.
    expect(imagePatches(4000, 4000)).toBe(1521);
    // 32×100,000: r = 0.7011 leaves 0.70 of a patch across, kept at one; down 2190 patches → capped at 1536.
    expect(imagePatches(32, 100_000)).toBe(1536);
  });
});

describe("the catalog's vision rules", () => {
  it("marks which models take images and how they are counted; outside the catalog, gpt-4o's tiles", () => {
    expect(lookupModel("gpt-4.1-mini")?.vision).toEqual({ kind: "patch", multiplier: 1.62 });
    expect(lookupModel("gpt-4o")?.vision).toEqual({ kind: "tile", base: 85, tile: 170 });
    expect(visionRuleFor("o3-mini")).toBeNull();
    expect(visionRuleFor("text-embedding-3-small")).toBeNull();
    expect(visionRuleFor("llava-13b")).toBeUndefined();
    expect(imageTokensFor("llava-13b", 1024, 1024, "high")).toBe(765);
  });
});
