/**
 * The neutral request: one prompt, already rendered for one case, before it is turned
 * into either wire format. Providers render it (docs/design/architecture.md §6, docs/translation.md);
 * the suite planner produces it.
 */
import type { NeutralContent } from "./content.js";

export type Api = "chat" | "responses";
export type JudgeApi = Api | "embeddings";

export interface NeutralToolCall {
  id: string;
  name: string;
  /** The arguments as an object (sent as a JSON string on the wire). */
  arguments: Record<string, unknown>;
}

export type NeutralMessage =
  | { role: "system" | "developer" | "user"; content: NeutralContent }
  | { role: "assistant"; content: string | null; tool_calls?: NeutralToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface NeutralTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
  /** Sent explicitly to both APIs; defaults to false. */
  strict: boolean;
}

export interface OutputSchema {
  name: string;
  schema: Record<string, unknown>;
  strict: boolean;
}

export type ToolChoice = "auto" | "none" | "required" | { name: string };

/** Neutral parameter names, mapped per API by the model catalog (docs/design/architecture.md §4). */
export interface ModelParams {
  temperature?: number;
  top_p?: number;
  max_output_tokens?: number;
  reasoning_effort?: "none" | "minimal" | "low" | "medium" | "high" | "xhigh";
  seed?: number;
  stop?: string | string[];
  store?: boolean;
}

export interface GenerateRequest {
  api: Api;
  model: string;
  /** chat: a leading system message · responses: `instructions`. */
  instructions?: string;
  /** The conversation; the last user turn is the case's input. */
  messages: NeutralMessage[];
  output?: OutputSchema;
  tools?: NeutralTool[];
  toolChoice?: ToolChoice;
  params: ModelParams;
  /**
   * Responses only: continue the stored conversation of this response id (a tool loop with
   * `state: previous_response_id`); `messages` then holds only what is new since it.
   */
  previousResponseId?: string;
  /** CASE/REPEAT, sent as the `x-evalgate-attempt` header. */
  attempt: string;
  /** Stream by default so time to first token is measured. */
  stream: boolean;
  /** Wire fields with no neutral form (an imported request's), merged verbatim into this API's body. */
  passthrough?: Record<string, unknown>;
}

export interface EmbeddingRequest {
  model: string;
  input: string[];
  attempt: string;
}
