import { checkParams, type CaseRequest, type GenerateRequest, type ModelParams, type NeutralMessage } from "../core/index.js";
import type { PlannedArm, SuiteCase } from "./types.js";

/**
 * Planning a `from_case: request` prompt (docs/suite-format.md "Replaying traffic"): each
 * case's logged request is the prompt. Its params are production's, under the target's own
 * (a target param wins); what the target cannot take is dropped, counted per arm and warned
 * once, like any param warning; fields with no neutral form go to arms of their API only.
 */

/** The case's request as a rendered prompt (plan.ts RenderedPrompt): never templated. */
export function caseRequestPrompt(c: Pick<SuiteCase, "request">): { instructions?: string; messages: NeutralMessage[] } {
  const r = c.request;
  if (!r) return { messages: [] };
  return { ...(r.instructions !== undefined ? { instructions: r.instructions } : {}), messages: r.messages as NeutralMessage[] };
}

/**
 * A logged request as an arm sends it — or, for a recorded arm, as production sent it: what
 * planning a `from_case: request` prompt gives one attempt. The shadow proxy renders its
 * mirrors with it, so a mirror is the request a replay run of the same traffic would send.
 */
export function replayRequest(r: CaseRequest, arm: PlannedArm, attempt: string, warnings: ReplayWarnings): GenerateRequest {
  const req: GenerateRequest = { api: arm.target.api, model: arm.target.model, ...caseRequestPrompt({ request: r }), params: arm.params, attempt, stream: arm.target.stream };
  return withCaseRequest(req, r, arm, warnings);
}

/** The case's tools, output schema, tool choice, params and passthrough fields on a request built for an arm. */
export function withCaseRequest(req: GenerateRequest, r: CaseRequest, arm: PlannedArm, warnings: ReplayWarnings): GenerateRequest {
  // A recorded arm sends nothing: its request is what production sent, unchecked.
  if (arm.target.recorded) return { ...req, ...(r.model ? { model: r.model } : {}), params: r.params, ...(r.tools?.length ? { tools: r.tools } : {}), ...(r.output ? { output: r.output } : {}) };
  const out: GenerateRequest = { ...req, params: caseParams(r.params, arm, warnings) };
  if (r.tools?.length) out.tools = r.tools;
  if (r.tool_choice !== undefined) out.toolChoice = r.tool_choice;
  if (r.output) out.output = r.output;
  if (r.passthrough) {
    if (r.passthrough.api === arm.target.api) out.passthrough = r.passthrough.fields;
    else for (const key of Object.keys(r.passthrough.fields)) warnings.note(arm.arm, `${key} dropped: a ${r.passthrough.api}-only field of the logged request, with no ${arm.target.api} form`);
  }
  return out;
}

/** Production's params, the target's over them, checked against the target's API and model. */
function caseParams(logged: ModelParams, arm: PlannedArm, warnings: ReplayWarnings): ModelParams {
  // `store` is never replayed: an eval call is not kept (docs/translation.md).
  const { store: _store, ...rest } = logged;
  const merged: ModelParams = { ...rest, ...arm.params };
  const check = checkParams(arm.target.api, arm.target.model, merged);
  for (const w of check.warnings) if (!arm.warnings.includes(w)) warnings.note(arm.arm, w);
  const params = { ...check.params };
  // A logged value the target's API would reject is dropped rather than failing the run.
  for (const e of check.errors) {
    const key = (Object.keys(params) as (keyof ModelParams)[]).find((k) => e.startsWith(k) || e.includes(` ${k} `));
    if (key && arm.params[key] === undefined) {
      delete params[key];
      warnings.note(arm.arm, `${key} dropped: ${e}`);
    }
  }
  return params;
}

/** Per arm: each distinct warning and how many cases it applied to. */
export class ReplayWarnings {
  private readonly byArm = new Map<string, Map<string, number>>();

  note(arm: string, warning: string): void {
    let counts = this.byArm.get(arm);
    if (!counts) this.byArm.set(arm, (counts = new Map()));
    counts.set(warning, (counts.get(warning) ?? 0) + 1);
  }

  /** Recorded on the arms, as the suite's own param warnings are ("on N attempts"). */
  addTo(arms: PlannedArm[]): void {
    for (const arm of arms) {
      const counts = this.byArm.get(arm.arm);
      if (!counts) continue;
      for (const [warning, n] of counts) arm.warnings.push(`${warning} (logged requests, ${n.toLocaleString("en-US")} attempt${n === 1 ? "" : "s"})`);
    }
  }
}
