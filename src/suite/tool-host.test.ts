import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ToolCallRequest } from "../core/index.js";
import { createToolHost } from "./tool-host.js";
import type { PromptLoop } from "./types.js";

const fixture = join(import.meta.dirname, "fixtures/tools.mjs");
const module = (exported: string, timeoutMs = 1000) => ({ kind: "module" as const, file: fixture, export: exported, timeoutMs });
const loop: PromptLoop = {
  maxSteps: 4,
  implementations: {
    static_result: { kind: "result", result: { status: "shipped", items: [1, 2] } },
    text_result: { kind: "result", result: "plain text" },
    templated: { kind: "template", template: { order: "{{order}}", asked: "{{args.order_id}}", line: "Order {{order}} for {{args.order_id}}" } },
    from_module: module("lookupOrder"),
    throwing: module("throws"),
    slow: module("slow", 50),
    missing_export: module("nope"),
    not_function: module("notAFunction"),
  },
};
const host = createToolHost(loop, { id: "c7", vars: { order: "ORD-7" } });
const call = (name: string, args: Record<string, unknown> | null = { order_id: "ORD-9" }): ToolCallRequest => ({ callId: "call_1", name, arguments: args, rawArguments: args ? JSON.stringify(args) : "{oops" });

describe("createToolHost", () => {
  it("sends a static result as declared: a string as it is, anything else as JSON", async () => {
    expect(await host.call(call("static_result"))).toEqual({ callId: "call_1", name: "static_result", output: '{"status":"shipped","items":[1,2]}' });
    expect((await host.call(call("text_result"))).output).toBe("plain text");
  });

  it("renders a template over the case's vars and the call's arguments (a lone template keeps its type)", async () => {
    expect(JSON.parse((await host.call(call("templated"))).output)).toEqual({ order: "ORD-7", asked: "ORD-9", line: "Order ORD-7 for ORD-9" });
    const missing = await host.call(call("templated", { id: 1 }));
    expect(missing.error).toMatch(/^unknown variable `args.order_id` in template/);
    expect(JSON.parse(missing.output)).toEqual({ error: missing.error });
  });

  it("calls a module's export with copies of the arguments and the case's vars", async () => {
    const args = { order_id: "ORD-9" };
    expect(JSON.parse((await host.call(call("from_module", args))).output)).toEqual({ id: "ORD-7", caseId: "c7", tool: "from_module" });
    expect(args.order_id).toBe("ORD-9");
  });

  it("tells the model what went wrong instead of failing the run: a throw (with its line), a timeout, a missing export, bad arguments", async () => {
    expect((await host.call(call("throwing"))).error).toMatch(/^tool module src\/suite\/fixtures\/tools\.mjs:8:9 threw RangeError: no such warehouse$/);
    expect((await host.call(call("slow"))).error).toBe("tool module src/suite/fixtures/tools.mjs did not return within 50 ms");
    expect((await host.call(call("missing_export"))).error).toBe("tool module src/suite/fixtures/tools.mjs has no function export 'nope'");
    expect((await host.call(call("not_function"))).error).toBe("tool module src/suite/fixtures/tools.mjs has no function export 'notAFunction'");
    expect((await host.call(call("from_module", null))).error).toBe("the arguments are not a JSON object: {oops");
    expect((await host.call(call("nowhere"))).error).toBe("no implementation for tool nowhere");
  });
});
