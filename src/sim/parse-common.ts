import { invalidRequest } from "./wire-errors.js";
import type { JsonSchema, SimFormat, SimTool, SimToolChoice } from "./sim-request.js";
import { checkStrictSchema } from "./strict-check.js";

export type Body = Record<string, unknown>;

export function asBody(body: unknown): Body {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw invalidRequest("The request body must be a JSON object.");
  }
  return body as Body;
}

export function requireModel(body: Body): string {
  const model = body.model;
  if (model === undefined || model === null || model === "") throw invalidRequest("you must provide a model parameter");
  if (typeof model !== "string") {
    throw invalidRequest(`Invalid type for 'model': expected a string, but got ${typeof model} instead.`, "model", "invalid_type");
  }
  return model;
}

export function optionalObject(value: unknown, param: string): Body | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw invalidRequest(`Invalid type for '${param}': expected an object, but got ${typeof value} instead.`, param, "invalid_type");
  }
  return value as Body;
}

/** A function tool's definition, given the object that holds name/parameters/strict. */
export function readFunctionTool(fn: Body, param: string): SimTool {
  const name = fn.name;
  if (name === undefined || name === null) {
    throw invalidRequest(`Missing required parameter: '${param}.name'.`, `${param}.name`, "missing_required_parameter");
  }
  if (typeof name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
    throw invalidRequest(
      `Invalid '${param}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
      `${param}.name`,
      "invalid_value",
    );
  }
  const parameters = optionalObject(fn.parameters, `${param}.parameters`) as JsonSchema | null;
  const strict = fn.strict === true;
  if (strict) checkStrictSchema(parameters, `function '${name}'`, `${param}.parameters`, "invalid_function_parameters");
  return {
    name,
    description: typeof fn.description === "string" ? fn.description : null,
    parameters,
    strict,
  };
}

/** Checks a named tool choice against the tools that were offered. */
export function checkToolChoice(choice: SimToolChoice, tools: SimTool[]): SimToolChoice {
  if (typeof choice === "string") {
    if (choice === "required" && tools.length === 0) {
      throw invalidRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice");
    }
    return choice;
  }
  if (!tools.some((t) => t.name === choice.name)) {
    throw invalidRequest(
      `Invalid value for 'tool_choice': no function named '${choice.name}' was specified in the 'tools' parameter.`,
      "tool_choice",
      "invalid_value",
    );
  }
  return choice;
}

export function readModeChoice(value: unknown): SimToolChoice | null {
  if (value === "none" || value === "auto" || value === "required") return value;
  if (typeof value === "string") {
    throw invalidRequest(`Invalid value: '${value}'. Supported values are: 'none', 'auto', and 'required'.`, "tool_choice", "invalid_value");
  }
  return null;
}

/** `param` is where the format sits; `schemaParam` is what the API names when its schema breaks the strict rules. */
export function readSchemaFormat(fmt: Body, param: string, schemaParam: string): SimFormat {
  const name = fmt.name;
  if (typeof name !== "string" || name.length === 0) {
    throw invalidRequest(`Missing required parameter: '${param}.name'.`, `${param}.name`, "missing_required_parameter");
  }
  const schema = optionalObject(fmt.schema, `${param}.schema`) ?? {};
  const strict = fmt.strict === true;
  if (strict) checkStrictSchema(schema, `response_format '${name}'`, schemaParam, "invalid_json_schema");
  return { type: "json_schema", name, schema, strict };
}

export function checkJsonModeMentionsJson(format: SimFormat, texts: string[], param: string): void {
  if (format.type !== "json_object") return;
  if (texts.some((t) => /json/i.test(t))) return;
  throw invalidRequest(
    `'messages' must contain the word 'json' in some form, to use '${param}' of type 'json_object'.`,
    "messages",
  );
}

/** Text of a content that is a string or a list of text-bearing parts. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const texts: string[] = [];
  for (const part of content) {
    if (part && typeof part === "object") {
      const p = part as Body;
      if (typeof p.text === "string") texts.push(p.text);
      else if (typeof p.refusal === "string") texts.push(p.refusal);
    }
  }
  return texts.join("\n");
}

/**
 * A request's `tools` (both APIs): an array of function tools, each read by `functionOf`
 * (the Chat tool's `function` object, or the Responses tool itself); anything else is the
 * API's invalid-request error.
 */
export function readTools(value: unknown, functionOf: (tool: Body, param: string) => { fn: Body | null; param: string }): SimTool[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequest("Invalid type for 'tools': expected an array.", "tools", "invalid_type");
  return value.map((t, i) => {
    const tool = optionalObject(t, `tools[${i}]`);
    const found = tool && tool.type === "function" ? functionOf(tool, `tools[${i}]`) : { fn: null, param: "" };
    if (!found.fn) throw invalidRequest(`Invalid 'tools[${i}]': the simulator supports function tools only.`, `tools[${i}]`, "invalid_value");
    return readFunctionTool(found.fn, found.param);
  });
}
