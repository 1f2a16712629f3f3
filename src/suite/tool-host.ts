import {
  copyForUser,
  displayPath,
  errorLocation,
  errorText,
  LOOP_LIMITS,
  loadUserModule,
  TimeoutError,
  UserModuleError,
  withTimeout,
  type ToolCallRequest,
  type ToolHost,
  type ToolResult,
} from "../core/index.js";
import { renderValue } from "./template.js";
import type { PromptLoop, ToolImplementation } from "./types.js";

/**
 * Runs a prompt's tool implementations for one case (docs/suite-format.md, "Tool loops"),
 * as an application's code would: `result` as declared, `template` rendered over the case's
 * vars with the call's arguments as `args`, `module` a user function `(args, { vars, caseId,
 * tool }) → value` loaded like a javascript grader's (once per file, errors naming file and
 * line, a timeout). A failure is a result the model is told about, never a thrown error.
 */
export function createToolHost(loop: PromptLoop, c: { id: string; vars: Record<string, unknown> }): ToolHost {
  return {
    async call(call: ToolCallRequest): Promise<ToolResult> {
      const impl = loop.implementations[call.name];
      if (!impl) return failed(call, `no implementation for tool ${call.name}`);
      if (call.arguments === null) return failed(call, `the arguments are not a JSON object: ${clip(call.rawArguments)}`);
      try {
        const value = await run(impl, call, c);
        const output = asText(value);
        if (output.length > LOOP_LIMITS.toolOutputChars) return failed(call, `the tool returned ${output.length} characters, over the ${LOOP_LIMITS.toolOutputChars} a result may hold`);
        return { callId: call.callId, name: call.name, output };
      } catch (e) {
        return failed(call, describeFailure(e, impl));
      }
    },
  };
}

async function run(impl: ToolImplementation, call: ToolCallRequest, c: { id: string; vars: Record<string, unknown> }): Promise<unknown> {
  if (impl.kind === "result") return impl.result;
  const args = call.arguments ?? {};
  if (impl.kind === "template") return renderValue(impl.template, { ...c.vars, args }, {});
  const mod = await loadUserModule(impl.file, "tool module");
  const fn = mod[impl.export];
  if (typeof fn !== "function") throw new UserModuleError(`tool module ${displayPath(impl.file)} has no function export '${impl.export}'`);
  const context = { vars: copyForUser(c.vars), caseId: c.id, tool: call.name };
  return withTimeout(Promise.resolve((fn as (a: unknown, ctx: unknown) => unknown)(copyForUser(args), context)), impl.timeoutMs);
}

/** A string as it is; anything else as JSON (what function calling sends back). */
function asText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value ?? null) ?? "null";
}

function failed(call: ToolCallRequest, error: string): ToolResult {
  return { callId: call.callId, name: call.name, output: JSON.stringify({ error }), error };
}

function describeFailure(e: unknown, impl: ToolImplementation): string {
  if (e instanceof TimeoutError && impl.kind === "module") return `tool module ${displayPath(impl.file)} did not return within ${impl.timeoutMs} ms`;
  if (e instanceof UserModuleError) return e.message;
  if (impl.kind === "module") return `tool module ${errorLocation(e, impl.file) ?? displayPath(impl.file)} threw ${errorText(e)}`;
  return e instanceof Error ? e.message : String(e);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
