import { seedFrom } from "../core/random.js";
import { asBody, requireModel } from "./parse-common.js";
import { countTokens } from "./tokens.js";
import { invalidRequest } from "./wire-errors.js";

const DIMENSIONS: Record<string, number> = { "text-embedding-3-large": 3072 };
const DEFAULT_DIMENSIONS = 1536;
const SLOTS_PER_WORD = 24;

/**
 * A deterministic embedding by feature hashing: each word adds ±1 at a few seeded
 * positions, and the sum is normalized. Equal inputs give equal vectors, and texts that
 * share words have a higher cosine similarity, which similarity graders rely on.
 */
export function embedText(text: string, dims: number): number[] {
  const vec = new Float64Array(dims);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [text];
  for (const word of words) {
    let h = seedFrom("embedding", word);
    for (let i = 0; i < SLOTS_PER_WORD; i++) {
      h = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
      const slot = h % dims;
      vec[slot] = (vec[slot] ?? 0) + (h & 0x8000 ? 1 : -1);
    }
  }
  let norm = 0;
  for (const v of vec) norm += v * v;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 1;
  return Array.from(vec, (v) => Math.round(v * scale * 1e7) / 1e7);
}

function toBase64(vector: number[]): string {
  return Buffer.from(new Float32Array(vector).buffer).toString("base64");
}

/** `POST /v1/embeddings` [S: CreateEmbeddingResponse]: float vectors, or base64 when asked. */
export function createEmbeddings(raw: unknown, checkModel: (model: string) => void = () => {}): Record<string, unknown> {
  const body = asBody(raw);
  const model = requireModel(body);
  checkModel(model);
  const inputs = readInputs(body.input);
  const dims = readDimensions(body.dimensions) ?? DIMENSIONS[model] ?? DEFAULT_DIMENSIONS;
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") {
    throw invalidRequest(`Invalid value for 'encoding_format': expected 'float' or 'base64', got '${String(format)}'.`, "encoding_format", "invalid_value");
  }
  let tokens = 0;
  const data = inputs.map((text, index) => {
    tokens += countTokens(text);
    const vector = embedText(text, dims);
    return { object: "embedding", index, embedding: format === "base64" ? toBase64(vector) : vector };
  });
  return { object: "list", data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

function readInputs(input: unknown): string[] {
  const list = Array.isArray(input) && input.every((x) => typeof x === "number") ? [input] : input;
  const items = typeof list === "string" ? [list] : Array.isArray(list) ? list : null;
  if (!items || items.length === 0) {
    throw invalidRequest("'input' must be a non-empty string or array of strings.", "input", items ? "empty_array" : "missing_required_parameter");
  }
  return items.map((item, i) => {
    if (typeof item === "string" && item.length > 0) return item;
    if (Array.isArray(item) && item.length > 0 && item.every((t) => typeof t === "number")) return item.join(" ");
    throw invalidRequest(`Invalid 'input[${i}]': expected a non-empty string or array of token ids.`, `input[${i}]`, "invalid_value");
  });
}

function readDimensions(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw invalidRequest("Invalid 'dimensions': expected a positive integer.", "dimensions", "invalid_value");
  }
  return value;
}
