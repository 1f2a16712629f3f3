import type { Body } from "./parse-common.js";
import { invalidRequest } from "./wire-errors.js";

/**
 * Tool calls and their results must pair up, as the API checks: in Chat, an assistant
 * message with `tool_calls` is followed by one `tool` message per call id before anything
 * else, and a `tool` message answers a call of that message; in Responses, every
 * `function_call` item has a `function_call_output` with its `call_id` and the reverse.
 * The messages are the body's, already checked for shape.
 */
export function checkChatToolPairing(messages: Body[]): void {
  let pending: { index: number; ids: Set<string> } | null = null;
  messages.forEach((m, i) => {
    if (m.role === "tool") {
      if (!pending) {
        throw invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
        );
      }
      const id = String(m.tool_call_id);
      if (!pending.ids.delete(id)) {
        throw invalidRequest(`Invalid parameter: 'tool_call_id' of '${id}' not found in 'tool_calls' of previous message.`, `messages.[${i}].tool_call_id`);
      }
      return;
    }
    if (pending && pending.ids.size > 0) unanswered(pending);
    pending = m.role === "assistant" && Array.isArray(m.tool_calls) && m.tool_calls.length > 0
      ? { index: i, ids: new Set(m.tool_calls.map((c) => String((c as Body)?.id))) }
      : null;
  });
  const last = pending as { index: number; ids: Set<string> } | null;
  if (last && last.ids.size > 0) unanswered(last);
}

function unanswered(p: { index: number; ids: Set<string> }): never {
  throw invalidRequest(
    "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. " +
      `The following tool_call_ids did not have response messages: ${[...p.ids].join(", ")}`,
    `messages.[${p.index}].role`,
  );
}

/** `earlier`: the calls of the response a `previous_response_id` continues, which the input must answer too. */
export function checkResponsesToolPairing(items: Body[], earlier: readonly string[] = []): void {
  const calls = new Set<string>(earlier);
  const answered = new Set<string>();
  for (const item of items) {
    if (item.type === "function_call") calls.add(String(item.call_id));
    if (item.type === "function_call_output") {
      const id = String(item.call_id);
      if (!calls.has(id)) throw invalidRequest(`No tool call found for function call output with call_id ${id}.`, "input");
      answered.add(id);
    }
  }
  for (const id of calls) {
    if (!answered.has(id)) throw invalidRequest(`No tool output found for function call ${id}.`, "input");
  }
}
