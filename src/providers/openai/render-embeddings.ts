import type { EmbeddingCreateParams } from "openai/resources/embeddings";
import type { EmbeddingRequest } from "../../core/index.js";

/**
 * An embeddings body. `encoding_format: "float"` is explicit: without it the SDK asks
 * for base64 and decodes it, and a compatible endpoint may not speak base64.
 */
export function renderEmbeddingRequest(req: Pick<EmbeddingRequest, "model" | "input">): EmbeddingCreateParams {
  return { model: req.model, input: req.input, encoding_format: "float" };
}
