import type {
  Api,
  CaseRecording,
  CaseRequest,
  CompareSpec,
  GatesSpec,
  GenerateRequest,
  GraderSpec,
  ImageDetail,
  ImageSource,
  JudgeApi,
  LoopState,
  ModelParams,
  NeutralTool,
  OutputSchema,
  SimConfig,
  SourceLocation,
  ToolChoice,
  ToolLoopSpec,
} from "../core/index.js";

/** A content part template: text, or an image reference (`file://…` or `https://…`) not yet rendered. */
export type SuiteContentPart = { type: "text"; text: string } | { type: "image"; image: string; detail: ImageDetail };

/** A user turn's content template: text, or parts. */
export type SuiteContent = string | SuiteContentPart[];

/** A message template: like a NeutralMessage, its strings not yet rendered. */
export type SuiteMessage =
  | { role: "system" | "developer"; content: string }
  | { role: "user"; content: SuiteContent }
  | { role: "assistant"; content: string | null; tool_calls?: { id: string; name: string; arguments: Record<string, unknown> | string }[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface SuitePrompt {
  id: string;
  description?: string;
  /** `file://` already read; may hold templates. */
  instructions?: string;
  input?: SuiteContent;
  messages?: SuiteMessage[];
  output?: OutputSchema;
  tools?: NeutralTool[];
  tool_choice?: ToolChoice;
  /** `from_case: request`: each case's own logged request is the prompt (docs/suite-format.md "Replaying traffic"). */
  fromCase?: "request";
  /** A tool loop (docs/suite-format.md, "Tool loops"): set when a tool has an implementation or `max_steps` is given. */
  loop?: PromptLoop;
}

/** What running one tool returns, as the suite declared it (`file://` resolved). */
export type ToolImplementation =
  | { kind: "result"; result: unknown }
  | { kind: "template"; template: string | Record<string, unknown> }
  | { kind: "module"; file: string; export: string; timeoutMs: number };

/** A prompt's tool loop: its bound and every tool's implementation. */
export interface PromptLoop {
  maxSteps: number;
  implementations: Record<string, ToolImplementation>;
}

export interface SuiteTarget {
  id: string;
  /** The provider kind that speaks to the endpoint (docs/design/architecture.md §6); `openai` by default. */
  provider: string;
  api: Api;
  model: string;
  /** Neutral params as written (the planner applies the catalog's checkParams). */
  params: ModelParams;
  /** A URL, or "sim" for the built-in simulator. */
  base_url?: string;
  api_key_env: string;
  pricing?: { input: number; cached_input?: number; output: number };
  concurrency?: number;
  timeout_ms?: number;
  max_retries?: number;
  stream: boolean;
  /** How a tool loop keeps its conversation (absent: `history`). */
  state?: LoopState;
  /** A recorded target: attempts are each case's `recorded` reply; nothing is sent. */
  recorded?: boolean;
  /** Typical reasoning tokens per attempt at its effort: overrides the catalog's estimate (core reasoningCapWarning). */
  reasoning_tokens_estimate?: number;
}

/** A judge is a target used only by model-graded graders; it may be an embeddings model. */
export type SuiteJudge = Omit<SuiteTarget, "api" | "state"> & { api: JudgeApi };

export interface SuiteCase {
  id: string;
  vars: Record<string, unknown>;
  tags: string[];
  /** `group:`: cases of one group are not independent (same document, template, conversation); the paired test clusters by it. */
  group?: string;
  /** The case's own graders (added to the suite's). */
  graders: GraderSpec[];
  /** hashJson(vars): pairs cases across runs and tells when their data changed. */
  varsHash: string;
  /** Where the case is defined (a dataset row or the suite's `cases:`). */
  location?: SourceLocation;
  /** How often the request was seen in imported traffic (absent = 1). */
  weight?: number;
  /** The case's own request, for `from_case: request` prompts. */
  request?: CaseRequest;
  /** The case's logged reply, for recorded targets. */
  recorded?: CaseRecording;
}

export interface LoadedSuite {
  /** The suite file as given. */
  file: string;
  dir: string;
  name: string;
  description: string;
  /** sha256 over the suite text and every file it references. */
  hash: string;
  /** The suite file's text. */
  source: string;
  /** Files the suite references (instructions, schemas, datasets), absolute. */
  files: string[];
  prompts: SuitePrompt[];
  targets: SuiteTarget[];
  judges: SuiteJudge[];
  cases: SuiteCase[];
  graders: GraderSpec[];
  repeat: number;
  compare: CompareSpec[];
  gates: GatesSpec;
  budget: { max_cost?: number };
  redact: string[];
  sim: SimConfig;
  /** Load-time warnings (params a target's model can't take, …). */
  warnings: string[];
  /** The local images the prompts name, loaded and checked: keyed by the rendered `file://` reference. */
  images: ReadonlyMap<string, LoadedImage>;
}

/** A local image, read once however many cases and attempts send it. */
export interface LoadedImage {
  source: ImageSource;
  /** `data:<type>;base64,…`: what both APIs are sent. */
  dataUrl: string;
}

export interface PlannedArm {
  /** prompt@target */
  arm: string;
  promptId: string;
  targetId: string;
  target: SuiteTarget;
  /** The params the requests carry, after the catalog's checkParams. */
  params: ModelParams;
  warnings: string[];
}

export interface PlannedAttempt {
  caseId: string;
  arm: string;
  repeat: number;
  tags: string[];
  /** Fully rendered; `attempt` = attemptTag(caseId, repeat). */
  request: GenerateRequest;
  /** Suite + case graders, string options rendered with the case vars. */
  graders: GraderSpec[];
  varsHash: string;
  /** Set when the prompt is a tool loop: the runner plays it (src/runner/tool-loop.ts). */
  loop?: ToolLoopSpec;
}

export interface Plan {
  arms: PlannedArm[];
  attempts: PlannedAttempt[];
}

export interface PlanOptions {
  targets?: string[] | undefined;
  filterTags?: string[] | undefined;
  repeat?: number | undefined;
}
