import { z } from "zod";
import { DEFAULT_PROVIDER_KIND, isProviderKind, providerKinds } from "./provider-kinds.js";
import { graderCommonShape, graderFamilies, graderSpecSchema } from "./grader-spec.js";
import { simConfigSchema } from "./sim-config.js";
import { LIMITS } from "./limits.js";
import { LOOP_LIMITS, LOOP_STATES } from "./tool-loop.js";

/**
 * The suite format of docs/design/architecture.md §4 as a zod schema: the one source of the suite's
 * TypeScript types and of schema/suite.schema.json. Grader specs are checked loosely
 * here (a `type` and the common keys); the loader validates each against its family's
 * registered schema, and `suiteJsonSchema()` spells the families out for editors.
 */

/** Ids appear in arm ids (`prompt@target`) and attempt tags (`case/repeat`). */
const idPattern = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*$/;
export const suiteIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(idPattern, "ids use letters, digits, `_`, `.`, `:` and `-` (no `@`, `/` or spaces)");

/** Output and tool names the API accepts. */
const apiName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "names are 1-64 letters, digits, `_` or `-` (the API rejects others)");

/** A JSON Schema inline, or a `file://` path relative to the suite. */
const schemaOrFile = z.union([z.record(z.string(), z.unknown()), z.string().startsWith("file://")]);

export const toolCallSchema = z
  .object({ id: z.string().min(1), name: apiName, arguments: z.union([z.record(z.string(), z.unknown()), z.string()]).default({}) })
  .strict();

/**
 * A content part: `{text}`, or `{image, detail}` where `image` is `file://PATH` (relative to
 * the suite, sent as a base64 data URL) or an `https://` URL; both may hold templates.
 */
export const contentPartSchema = z.union([
  z.object({ text: z.string() }).strict(),
  z.object({ image: z.string().min(1), detail: z.enum(["auto", "low", "high"]).default("auto") }).strict(),
]);

/** A user turn's content: text, or a list of text and image parts. */
export const userContentSchema = z.union([z.string(), z.array(contentPartSchema).min(1)]);

export const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content: z.string() }).strict(),
  z.object({ role: z.literal("user"), content: userContentSchema }).strict(),
  z.object({ role: z.literal("assistant"), content: z.string().nullable().default(null), tool_calls: z.array(toolCallSchema).optional() }).strict(),
  z.object({ role: z.literal("tool"), tool_call_id: z.string().min(1), content: z.string() }).strict(),
]);

/**
 * What running a tool returns in a tool loop (docs/suite-format.md, "Tool loops"): exactly
 * one of a static `result`, a `template` over the case's vars and the call's `args`, or a
 * JavaScript `module` (with `export` and `timeout_ms`); the loader checks the combination.
 */
export const toolImplementationSchema = z
  .object({
    result: z.json().optional(),
    template: z.union([z.string(), z.record(z.string(), z.json())]).optional(),
    module: z.string().min(1).optional(),
    export: z.string().min(1).optional(),
    timeout_ms: z.number().int().min(1).max(LOOP_LIMITS.toolTimeoutMs).optional(),
  })
  .strict();

export const toolSchema = z
  .object({
    name: apiName,
    description: z.string().optional(),
    parameters: schemaOrFile.optional(),
    strict: z.boolean().default(false),
    implementation: toolImplementationSchema.optional(),
  })
  .strict();

export const promptSchema = z
  .object({
    id: suiteIdSchema,
    description: z.string().optional(),
    /** chat: a system message · responses: `instructions`. Text or `file://`. */
    instructions: z.string().optional(),
    /** The user message (text, or text and image parts); or `messages`. */
    input: userContentSchema.optional(),
    messages: z.array(messageSchema).min(1).optional(),
    output: z.object({ name: apiName, schema: schemaOrFile, strict: z.boolean().default(true) }).strict().optional(),
    tools: z.array(toolSchema).optional(),
    tool_choice: z.union([z.enum(["auto", "none", "required"]), z.object({ name: apiName }).strict()]).optional(),
    /** A tool loop's bound: the most model calls one attempt may make. */
    max_steps: z.number().int().min(1).max(LOOP_LIMITS.maxSteps).optional(),
    /** `request`: the prompt is each case's own logged request (instructions, messages, tools, output, params): docs/suite-format.md "Replaying traffic". */
    from_case: z.literal("request").optional(),
  })
  .strict();

export const paramsSchema = z
  .object({
    temperature: z.number().optional(),
    top_p: z.number().optional(),
    max_output_tokens: z.number().int().positive().optional(),
    reasoning_effort: z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]).optional(),
    seed: z.number().int().optional(),
    stop: z.union([z.string(), z.array(z.string())]).optional(),
    store: z.boolean().optional(),
  })
  .strict();

const pricingSchema = z
  .object({ input: z.number().min(0), cached_input: z.number().min(0).optional(), output: z.number().min(0) })
  .strict();

/** True when a URL carries `user:password@` (which would be copied into every report). */
export function hasUserInfo(url: string): boolean {
  if (url === "sim" || !URL.canParse(url)) return false;
  const u = new URL(url);
  return u.username !== "" || u.password !== "";
}

const endpointShape = {
  id: suiteIdSchema,
  /** Who speaks to the endpoint (docs/design/architecture.md §6); any OpenAI-compatible endpoint is `openai`. */
  provider: z
    .string()
    .refine(isProviderKind, { error: (issue) => `unknown provider '${String(issue.input)}': known providers are ${providerKinds().map((k) => k.kind).join(", ")}` })
    .default(DEFAULT_PROVIDER_KIND),
  model: z.string().min(1),
  params: paramsSchema.default({}),
  /** A URL of an OpenAI-compatible endpoint, or `sim` for the built-in simulator. */
  base_url: z
    .union([z.literal("sim"), z.url({ protocol: /^https?$/ })])
    .refine((u) => !hasUserInfo(u), "a URL must not hold credentials: put the key in an environment variable and name it with `api_key_env`")
    .optional(),
  api_key_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name").default("OPENAI_API_KEY"),
  /** USD per 1M tokens; overrides the model catalog. */
  pricing: pricingSchema.optional(),
  concurrency: z.number().int().positive().optional(),
  timeout_ms: z.number().int().positive().optional(),
  max_retries: z.number().int().min(0).max(20).optional(),
  stream: z.boolean().default(true),
  /** A recorded target: its attempts are each case's logged reply (`recorded:`), nothing is sent; `api` and `model` say what production ran. */
  recorded: z.boolean().optional(),
};

export const targetSchema = z
  .object({
    ...endpointShape,
    api: z.enum(["chat", "responses"]),
    /** How a tool loop keeps its conversation: resend it (`history`, the default) or continue a stored response (Responses, `store: true`). */
    state: z.enum(["history", "previous_response_id"] satisfies typeof LOOP_STATES).optional(),
    reasoning_tokens_estimate: z
      .number()
      .int()
      .min(0)
      .describe("typical reasoning tokens per attempt at this target's effort, replacing the catalog's estimate in validate's max_output_tokens warning")
      .optional(),
  })
  .strict();
export const judgeSchema = z.object({ ...endpointShape, api: z.enum(["chat", "responses", "embeddings"]) }).strict();

/** A grader spec before its family checks it: `type` and the common keys, plus the family's. */
export const looseGraderSchema = z.object(graderCommonShape).catchall(z.unknown());

const fraction = z.number().min(0).max(1);

/** A case's own request (a `from_case: request` prompt renders it): the neutral prompt of a logged exchange. */
export const caseRequestSchema = z
  .object({
    /** The model production asked for (the recorded arm's; a live arm uses its target's). */
    model: z.string().min(1).optional(),
    instructions: z.string().optional(),
    messages: z.array(messageSchema).min(1),
    tools: z.array(toolSchema.extend({ parameters: z.record(z.string(), z.unknown()).optional() })).optional(),
    tool_choice: promptSchema.shape.tool_choice,
    output: z.object({ name: apiName, schema: z.record(z.string(), z.unknown()), strict: z.boolean().default(false) }).strict().optional(),
    params: paramsSchema.default({}),
    /** Wire fields with no neutral form, kept verbatim for arms of `api` (and dropped, with a warning, for the other API). */
    passthrough: z.object({ api: z.enum(["chat", "responses"]), fields: z.record(z.string(), z.unknown()) }).strict().optional(),
  })
  .strict();

/** A case's logged reply: the API's own response JSON, replayed as a recorded arm's attempt. */
export const caseRecordingSchema = z
  .object({
    api: z.enum(["chat", "responses"]),
    model: z.string().min(1),
    /** A `chat.completion` or a `response` object, as the API returned it (redacted at import). */
    response: z.record(z.string(), z.unknown()),
    /** Production's latency as logged: shown, never gated (docs/verdict.md). */
    latency_ms: z.number().min(0).optional(),
    /** Unix seconds, as logged. */
    created: z.number().optional(),
  })
  .strict();
/** What `refusal_rate:`, `truncation_rate:` and `schema_validity:` allow when named without a value: one point. */
export const DEFAULT_MAX_RATE_INCREASE = 0.01;

/**
 * A parity rate gate (docs/verdict.md): `{ max_increase }` in points of the rate (0.01 = one
 * percentage point), like `errors: { max_rate }`; `{}` or the bare key take the default.
 */
const rateIncreaseGate = (what: string) =>
  z
    .object({ max_increase: fraction.default(DEFAULT_MAX_RATE_INCREASE) })
    .strict()
    .nullable()
    .describe(`the candidate's ${what} may rise by at most max_increase points of the rate (default 0.01 = 1 pp), decided on the paired interval`);

/** A parity gate's limit: its `max_increase`, or the default for a bare key (YAML null); undefined when the gate is not named. */
export function rateGateLimit(gate: { max_increase: number } | null | undefined): number | undefined {
  return gate === undefined ? undefined : (gate?.max_increase ?? DEFAULT_MAX_RATE_INCREASE);
}

export const gatesSchema = z
  .object({
    quality: z
      .object({
        margin: fraction,
        expected_delta: z.number().min(-1).max(1).describe("the true difference the stated power assumes (default 0: the arms are equal)").optional(),
      })
      .strict()
      .optional(),
    critical_regressions: z
      .number()
      .int()
      .min(0)
      .describe("the critical slice (cases tagged `critical`) decided by the quality gate's non-inferiority test and margin; the number is informational: the critical cases that flipped are listed")
      .optional(),
    cost: z.object({ max_increase: z.number().min(0) }).strict().optional(),
    latency_p95: z.object({ max_increase: z.number().min(0) }).strict().optional(),
    errors: z.object({ max_rate: fraction }).strict().optional(),
    pass_rate: z.object({ min: fraction }).strict().optional(),
    agreement: z
      .object({ min: fraction })
      .strict()
      .describe("the traffic-weighted share of cases where the candidate agrees with the case's recorded reply (the `agreement` grader), Wilson 95%: PASS when the lower bound ≥ min")
      .optional(),
    pairwise: z
      .object({
        margin: fraction,
        judge: z.string().min(1).describe("the judge of the suite's `pairwise` grader (checked at load; optional)").optional(),
      })
      .strict()
      .describe("a judge compares the candidate with the recorded reply in both orders: each case a win, tie or loss; PASS when the lower bound of the traffic-weighted win rate (ties half) is above 0.5 − margin")
      .optional(),
    refusal_rate: rateIncreaseGate("refusal rate").optional(),
    truncation_rate: rateIncreaseGate("truncation rate (finish `length`, Responses `incomplete`)").optional(),
    schema_validity: rateIncreaseGate("share of outputs not valid against the prompt's output schema").optional(),
    looks: z
      .object({ max: z.number().int().min(1).max(LIMITS.looks) })
      .strict()
      .describe("the quality and critical-slice gates' group-sequential design: how many looks at one baseline it allows (default 5)")
      .optional(),
  })
  .strict();

export const compareSchema = z
  .object({ baseline: z.string().min(1), candidate: z.string().min(1), gates: gatesSchema.optional() })
  .strict();

/** Builds the suite schema around a grader-spec schema (loose for loading, per family for editors). */
export function buildSuiteSchema<G extends z.ZodType>(grader: G) {
  const caseSchema = z
    .object({
      id: suiteIdSchema,
      vars: z.record(z.string(), z.unknown()).default({}),
      tags: z.array(z.string().min(1)).default([]),
      /** Cases of one group (same document, template, conversation) are not independent: the paired test clusters by it. */
      group: z.string().min(1).max(200).optional(),
      graders: z.array(grader).default([]),
      /** How often this case's request was seen (imported traffic); the agreement gate weighs by it. */
      weight: z.number().positive().optional(),
      request: caseRequestSchema.optional(),
      recorded: caseRecordingSchema.optional(),
    })
    .strict();
  return z
    .object({
      $schema: z.string().optional(),
      name: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "the name is kebab-case: lowercase letters, digits and `-`"),
      description: z.string().default(""),
      prompts: z.array(promptSchema).min(1),
      targets: z.array(targetSchema).min(1),
      judges: z.array(judgeSchema).default([]),
      /** Dataset files relative to the suite: `.jsonl`, `.csv`, `.yaml`. */
      dataset: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
      cases: z.array(caseSchema).optional(),
      graders: z.array(grader).default([]),
      repeat: z.number().int().min(1).max(LIMITS.repeat).default(1),
      compare: z.array(compareSchema).default([]),
      gates: gatesSchema.default({}),
      budget: z.object({ max_cost: z.number().positive().optional() }).strict().default({}),
      redact: z.array(z.string()).default([]),
      sim: simConfigSchema.optional(),
    })
    .strict();
}

export const suiteSchema = buildSuiteSchema(looseGraderSchema);
export const suiteCaseSchema = suiteSchema.shape.cases.unwrap().element;

export type SuiteFile = z.infer<typeof suiteSchema>;
export type SuiteFileInput = z.input<typeof suiteSchema>;
export type SuitePromptSpec = z.infer<typeof promptSchema>;
export type SuiteTargetSpec = z.infer<typeof targetSchema>;
export type SuiteJudgeSpec = z.infer<typeof judgeSchema>;
export type SuiteMessageSpec = z.infer<typeof messageSchema>;
export type ContentPartSpec = z.infer<typeof contentPartSchema>;
export type SuiteToolSpec = z.infer<typeof toolSchema>;
export type ToolImplementationSpec = z.infer<typeof toolImplementationSchema>;
export type CompareSpec = z.infer<typeof compareSchema>;
export type GatesSpec = z.infer<typeof gatesSchema>;
export type SuiteCaseSpec = z.infer<typeof suiteCaseSchema>;
export type CaseRequest = z.infer<typeof caseRequestSchema>;
export type CaseRecording = z.infer<typeof caseRecordingSchema>;

/** The JSON Schema for editors, with every registered grader family spelled out. */
export function suiteJsonSchema(): Record<string, unknown> {
  // In the editor, an option may also be a template string (`arguments: "{{args}}"`): the
  // loader checks its rendered type per case, so the editor must not flag it.
  const template = z.string().regex(/\{\{/, "a {{template}}");
  const families = graderFamilies().map((f) => {
    const options = Object.fromEntries(Object.entries(f.options).map(([k, v]) => [k, z.union([v as z.ZodType, template])]));
    return graderSpecSchema({ ...f, options }).describe(f.description);
  });
  const grader = families.length >= 2 ? z.union(families as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]]) : (families[0] ?? looseGraderSchema);
  const json = z.toJSONSchema(buildSuiteSchema(grader), { io: "input", unrepresentable: "any", reused: "ref" }) as Record<string, unknown>;
  return { ...json, title: "evalgate suite", description: "An evalgate suite (docs/suite-format.md)." };
}

/** schema/suite.schema.json as written to disk (scripts/gen-schema.js). */
export function suiteJsonSchemaText(): string {
  return `${JSON.stringify(suiteJsonSchema(), null, 2)}\n`;
}
