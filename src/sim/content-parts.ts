import { quoteList } from "./param-rules.js";
import type { Body } from "./parse-common.js";
import { invalidRequest } from "./wire-errors.js";

/**
 * Content parts each role may send, per API, and the fields each part type requires
 * (ChatCompletionRequest*MessageContentPart, InputContent / OutputMessageContent in the
 * spec). A field list `a|b` means one of them.
 */
type PartTable = Readonly<Record<string, readonly string[]>>;

const CHAT_PARTS: Readonly<Record<string, PartTable>> = {
  user: { text: ["text"], image_url: ["image_url"], input_audio: ["input_audio"], file: ["file"] },
  system: { text: ["text"] },
  developer: { text: ["text"] },
  assistant: { text: ["text"], refusal: ["refusal"] },
  tool: { text: ["text"] },
};

const INPUT_PARTS: PartTable = {
  input_text: ["text"],
  input_image: ["image_url|file_id"],
  input_file: ["file_id|file_data|file_url"],
};

const RESPONSES_PARTS: Readonly<Record<string, PartTable>> = {
  user: INPUT_PARTS,
  system: INPUT_PARTS,
  developer: INPUT_PARTS,
  assistant: { output_text: ["text"], refusal: ["refusal"] },
  function_call_output: INPUT_PARTS,
};

/** Checks a message's content: a string, or parts the role may send, each with its required fields. */
function checkContent(content: unknown, table: PartTable, param: string): void {
  if (typeof content === "string") return;
  if (!Array.isArray(content)) {
    throw invalidRequest(`Invalid type for '${param}': expected a string or an array of content parts.`, param, "invalid_type");
  }
  content.forEach((raw, i) => {
    const at = `${param}[${i}]`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      throw invalidRequest(`Invalid type for '${at}': expected an object.`, at, "invalid_type");
    }
    const part = raw as Body;
    const fields = typeof part.type === "string" ? table[part.type] : undefined;
    if (!fields) {
      throw invalidRequest(`Invalid value: '${String(part.type)}'. Supported values are: ${quoteList(Object.keys(table))}.`, `${at}.type`, "invalid_value");
    }
    for (const field of fields) {
      const options = field.split("|");
      if (options.some((f) => part[f] !== undefined && part[f] !== null)) continue;
      throw invalidRequest(`Missing required parameter: '${at}.${options[0]}'.`, `${at}.${options[0]}`, "missing_required_parameter");
    }
  });
}

export function checkChatContent(role: string, content: unknown, param: string): void {
  const table = CHAT_PARTS[role];
  if (table && content !== undefined && content !== null) checkContent(content, table, param);
}

/** `role` is a message's role, or `function_call_output` for a tool result's `output`. */
export function checkResponsesContent(role: string, content: unknown, param: string): void {
  const table = RESPONSES_PARTS[role];
  if (!table) return;
  if (content === undefined || content === null) {
    throw invalidRequest(`Missing required parameter: '${param}'.`, param, "missing_required_parameter");
  }
  checkContent(content, table, param);
}
