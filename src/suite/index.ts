/**
 * Suites (docs/design/architecture.md §4): YAML loading with file:line:col errors, datasets, templating,
 * load-time cross-checks, planning, and the simulator's answer index. Imports only core.
 */
export { loadSuite, type LoadSuiteOptions } from "./load-suite.js";
export { planSuite, planArms, renderPrompt, renderGraders, type RenderedPrompt } from "./plan.js";
export { replayRequest, ReplayWarnings } from "./plan-replay.js";
export { buildAnswerIndex } from "./answer-index.js";
export { renderTemplate, renderValue, renderTyped, templateVars, hasTemplate, type Vars, type TemplateWhere } from "./template.js";
export { resolveArmRef } from "./checks.js";
export { createToolHost } from "./tool-host.js";
export { DEFAULT_MAX_STEPS } from "./tool-loop-spec.js";
export { isCredentialEnvName } from "./key-env.js";
export { loadDataset, MAX_DATASET_ROWS, MAX_LINE_BYTES } from "./dataset.js";
export { MAX_ALIAS_COUNT, MAX_FILE_BYTES } from "./source.js";
export type { LoadedImage, LoadedSuite, Plan, PlanOptions, PlannedArm, PlannedAttempt, SuiteCase, SuiteJudge, SuiteMessage, SuitePrompt, SuiteTarget, PromptLoop, ToolImplementation } from "./types.js";
// The cost estimate (suite/estimate.ts) is imported from its own module: it loads the
// o200k tokenizer's tables, which a run that only loads and plans shouldn't pay for.
