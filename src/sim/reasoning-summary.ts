import { sha256 } from "../core/hash.js";
import type { Generation } from "./engine.js";

/**
 * The reasoning summary of a reasoning model's reply, when `reasoning.summary` asks for one:
 * deterministic text that says what was simulated (`concise` one part, `auto` and `detailed`
 * two), never the answer itself.
 */
export function reasoningSummary(gen: Generation): string[] {
  const kind = gen.request.reasoningSummary;
  if (!kind) return [];
  const effort = gen.request.reasoningEffort ?? "medium";
  const first = `**Working out the reply**\n\nSimulated reasoning (${effort} effort, ${gen.usage.reasoning} reasoning tokens) before answering.`;
  if (kind === "concise") return [first];
  const what = gen.content.kind === "tool_call" ? `a call to \`${gen.content.name}\`` : gen.content.kind === "refusal" ? "a refusal" : "a written answer";
  const second = `**Choosing the form**\n\nThe reply is ${what}${kind === "detailed" ? `, checked against the request's ${gen.request.tools.length} tool(s) and its ${gen.request.format.type} format` : ""}.`;
  return [first, second];
}

/** `encrypted_content` of a reasoning item: opaque, deterministic, and only meaningful to the simulator. */
export function encryptedReasoning(gen: Generation, itemId: string): string {
  const digest = sha256(`${gen.model}\u0000${itemId}\u0000${gen.usage.reasoning}`);
  return `gAAAAA${Buffer.from(`evalgate-sim:${digest}`).toString("base64")}`;
}
