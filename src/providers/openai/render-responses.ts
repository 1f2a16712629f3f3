import type {
  FunctionTool,
  ResponseCreateParams,
  ResponseCreateParamsNonStreaming,
  ResponseInputItem,
  ToolChoiceFunction,
  ToolChoiceOptions,
} from "openai/resources/responses/responses";
import type { GenerateRequest, NeutralMessage, NeutralTool, ToolChoice } from "../../core/index.js";
import { samplingParams, schemaFormat } from "./render-common.js";
import { responsesContent } from "./render-content.js";

/**
 * Renders a neutral request as a Responses body (docs/translation.md). `seed` and `stop`
 * have no Responses field: `checkParams` drops them with a warning before rendering.
 */
export function renderResponsesRequest(req: GenerateRequest): ResponseCreateParams {
  const body: ResponseCreateParamsNonStreaming = { model: req.model, input: renderResponsesInput(req.messages) };
  if (req.instructions !== undefined) body.instructions = req.instructions;
  // A tool loop continuing a stored response: `input` holds only what is new since it.
  if (req.previousResponseId !== undefined) body.previous_response_id = req.previousResponseId;
  if (req.tools && req.tools.length > 0) body.tools = req.tools.map(renderResponsesTool);
  if (req.toolChoice !== undefined) body.tool_choice = renderResponsesToolChoice(req.toolChoice);
  if (req.output) body.text = { format: { type: "json_schema", ...schemaFormat(req.output) } };
  const p = req.params;
  Object.assign(body, samplingParams(p));
  if (p.max_output_tokens !== undefined) body.max_output_tokens = p.max_output_tokens;
  if (p.reasoning_effort !== undefined) body.reasoning = { effort: p.reasoning_effort };
  // Responses stores every call unless told not to (docs/design/wire.md §8): evals should not.
  body.store = p.store ?? false;
  // An imported request's fields with no neutral form, as production sent them (docs/translation.md "Import").
  if (req.passthrough) Object.assign(body, req.passthrough);
  if (req.stream) return { ...body, stream: true };
  return body;
}

/** One user turn of text is sent as a plain string; anything else (parts too) as input items. */
function renderResponsesInput(messages: NeutralMessage[]): string | ResponseInputItem[] {
  const only = messages.length === 1 ? messages[0] : undefined;
  if (only && only.role === "user" && typeof only.content === "string") return only.content;
  return messages.flatMap(renderResponsesItems);
}

function renderResponsesItems(m: NeutralMessage): ResponseInputItem[] {
  switch (m.role) {
    case "system":
    case "developer":
    case "user":
      return [{ type: "message", role: m.role, content: responsesContent(m.content) }];
    case "tool":
      return [{ type: "function_call_output", call_id: m.tool_call_id, output: m.content }];
    case "assistant": {
      const items: ResponseInputItem[] = [];
      if (m.content !== null && (m.content !== "" || !m.tool_calls?.length)) {
        items.push({ type: "message", role: "assistant", content: m.content });
      }
      for (const c of m.tool_calls ?? []) {
        items.push({ type: "function_call", call_id: c.id, name: c.name, arguments: JSON.stringify(c.arguments) });
      }
      return items;
    }
  }
}

function renderResponsesTool(t: NeutralTool): FunctionTool {
  const tool: FunctionTool = { type: "function", name: t.name, parameters: t.parameters ?? null, strict: t.strict };
  if (t.description !== undefined) tool.description = t.description;
  return tool;
}

function renderResponsesToolChoice(c: ToolChoice): ToolChoiceOptions | ToolChoiceFunction {
  return typeof c === "string" ? c : { type: "function", name: c.name };
}
