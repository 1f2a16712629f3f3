import type {
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from "openai/resources/chat/completions";
import type { GenerateRequest, NeutralMessage, NeutralTool, ToolChoice } from "../../core/index.js";
import { samplingParams, schemaFormat } from "./render-common.js";
import { chatContent, chatTextContent } from "./render-content.js";

/**
 * Renders a neutral request as a Chat Completions body (docs/translation.md). Pure: it
 * renders the params it is given; `checkParams` decides beforehand which ones a target takes.
 */
export function renderChatRequest(req: GenerateRequest): ChatCompletionCreateParams {
  const body: ChatCompletionCreateParamsNonStreaming = {
    model: req.model,
    messages: renderChatMessages(req),
  };
  if (req.tools && req.tools.length > 0) body.tools = req.tools.map(renderChatTool);
  if (req.toolChoice !== undefined) body.tool_choice = renderChatToolChoice(req.toolChoice);
  if (req.output) body.response_format = { type: "json_schema", json_schema: schemaFormat(req.output) };
  const p = req.params;
  Object.assign(body, samplingParams(p));
  if (p.max_output_tokens !== undefined) body.max_completion_tokens = p.max_output_tokens;
  if (p.reasoning_effort !== undefined) body.reasoning_effort = p.reasoning_effort;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.stop !== undefined) body.stop = p.stop;
  // Chat's default is already false; sending it makes the choice visible in the raw request.
  body.store = p.store ?? false;
  // An imported request's fields with no neutral form, as production sent them (docs/translation.md "Import").
  if (req.passthrough) Object.assign(body, req.passthrough);
  // Usage arrives only in a last chunk, and only when asked for.
  if (req.stream) return { ...body, stream: true, stream_options: { include_usage: true } };
  return body;
}

function renderChatMessages(req: GenerateRequest): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  if (req.instructions !== undefined) out.push({ role: "system", content: req.instructions });
  for (const m of req.messages) out.push(renderChatMessage(m));
  return out;
}

function renderChatMessage(m: NeutralMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case "system":
    case "developer":
      return { role: m.role, content: chatTextContent(m.content) };
    case "user":
      return { role: "user", content: chatContent(m.content) };
    case "tool":
      return { role: "tool", tool_call_id: m.tool_call_id, content: m.content };
    case "assistant": {
      if (!m.tool_calls || m.tool_calls.length === 0) return { role: "assistant", content: m.content ?? "" };
      return {
        role: "assistant",
        content: m.content,
        tool_calls: m.tool_calls.map((c) => ({
          id: c.id,
          type: "function" as const,
          function: { name: c.name, arguments: JSON.stringify(c.arguments) },
        })),
      };
    }
  }
}

function renderChatTool(t: NeutralTool): ChatCompletionFunctionTool {
  const fn: ChatCompletionFunctionTool["function"] = { name: t.name, strict: t.strict };
  if (t.description !== undefined) fn.description = t.description;
  if (t.parameters !== undefined) fn.parameters = t.parameters;
  return { type: "function", function: fn };
}

function renderChatToolChoice(c: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof c === "string" ? c : { type: "function", function: { name: c.name } };
}
