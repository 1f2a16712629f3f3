import { lookupModel, type VisionRule } from "./catalog.js";
import type { ImageDetail } from "./content.js";

/**
 * Input tokens of one image, by the formulas of OpenAI's "Images and vision" guide, section
 * "Calculating costs" (platform.openai.com/docs/guides/images-vision#calculating-costs);
 * docs/simulator.md "Images" gives them with their worked examples and what the guide
 * leaves open. The simulator's usage and `validate`'s estimate both count with these.
 */
/** What an image the simulator cannot fetch (an https:// URL, a file id) counts as: 512 × 512. */
export const UNKNOWN_IMAGE_SIDE = 512;

/** The rule for models outside the catalog: gpt-4o's tiles (85 + 170 per tile). */
export const DEFAULT_VISION_RULE: VisionRule = { kind: "tile", base: 85, tile: 170 };

const TILE = 512;
const FIT_SIDE = 2048;
const SHORT_SIDE = 768;
const PATCH = 32;
const MAX_PATCHES = 1536;

/**
 * Tile models (gpt-4o, gpt-4.1, o1, o3, gpt-5): `low` costs the base; `high` (and `auto`,
 * counted as high) scales the image to fit 2048 × 2048, then its short side down to 768,
 * and adds a tile's tokens per 512-px tile that covers it. Images are only ever scaled down.
 */
export function tileImageTokens(width: number, height: number, detail: ImageDetail, base: number, tile: number): number {
  if (detail === "low") return base;
  let w = width;
  let h = height;
  const fit = Math.min(1, FIT_SIDE / Math.max(w, h));
  w *= fit;
  h *= fit;
  const short = Math.min(1, SHORT_SIDE / Math.min(w, h));
  w *= short;
  h *= short;
  return base + tile * ceilPixels(w / TILE) * ceilPixels(h / TILE);
}

/**
 * The 32-px patches that cover an image (patch models: gpt-4.1-mini, gpt-4.1-nano,
 * o4-mini, gpt-5-mini, gpt-5-nano): when more than 1,536 are needed the image is shrunk by
 * r = √(32² × 1536 / (w × h)), then by the share that makes its tighter side a whole number
 * of patches; the count is capped at 1,536.
 */
export function imagePatches(width: number, height: number): number {
  const raw = Math.ceil(width / PATCH) * Math.ceil(height / PATCH);
  if (raw <= MAX_PATCHES) return raw;
  let r = Math.sqrt((PATCH * PATCH * MAX_PATCHES) / (width * height));
  const across = (width * r) / PATCH;
  const down = (height * r) / PATCH;
  // A side under one patch after the shrink keeps one (the guide's floor would make it zero).
  r *= Math.min(Math.max(1, Math.floor(across)) / across, Math.max(1, Math.floor(down)) / down);
  return Math.min(MAX_PATCHES, ceilPixels((width * r) / PATCH) * ceilPixels((height * r) / PATCH));
}

/**
 * Patch models' tokens: the patches times the model's multiplier, rounded up (the guide does
 * not say how a fraction is billed). `detail` does not change the count: the guide gives
 * patch models no low-detail rule.
 */
export function patchImageTokens(width: number, height: number, multiplier: number): number {
  return Math.ceil(imagePatches(width, height) * multiplier - 1e-9);
}

/** An image's input tokens on a model: its catalog rule, else DEFAULT_VISION_RULE. */
export function imageTokensFor(model: string, width: number, height: number, detail: ImageDetail): number {
  const rule = visionRuleFor(model) ?? DEFAULT_VISION_RULE;
  return rule.kind === "tile" ? tileImageTokens(width, height, detail, rule.base, rule.tile) : patchImageTokens(width, height, rule.multiplier);
}

/** The model's rule: undefined outside the catalog, null for a catalog model that takes no images. */
export function visionRuleFor(model: string): VisionRule | null | undefined {
  const info = lookupModel(model);
  return info === undefined ? undefined : info.vision;
}

/** Whole tiles or patches over a scaled side: a float a hair past an integer (1056.0000001 px) is that integer. */
function ceilPixels(units: number): number {
  return Math.ceil(units - 1e-9);
}
