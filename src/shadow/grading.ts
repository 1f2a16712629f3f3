import { contentText, type Cost, type GenerateRequest, type GraderSpec, type Output } from "../core/index.js";
import { gradeAttempt, type AttemptGrading } from "../graders/index.js";
import type { Redactor } from "./redaction.js";

/**
 * How a shadow pair is graded (docs/shadow.md "How a pair is decided"): as a replay run of
 * the same traffic grades its attempts (usecases/execute.ts) — the candidate by the suite's
 * `agreement` grader against production's reply, masked as the recording is stored, and
 * production's recorded attempt by the same graders without a recording (unscored).
 */
export interface PairGrading {
  production: AttemptGrading;
  candidate: AttemptGrading;
}

export interface PairGradeInput {
  specs: readonly GraderSpec[];
  caseId: string;
  production: { output: Output | null; request: GenerateRequest; cost: Cost };
  candidate: { output: Output | null; request: GenerateRequest; cost: Cost };
  redactor: Redactor;
}

export async function gradeShadowPair(p: PairGradeInput): Promise<PairGrading> {
  const context = (request: GenerateRequest, cost: Cost) => ({
    caseId: p.caseId,
    vars: {},
    cost,
    ...(request.output ? { outputSchema: request.output.schema } : {}),
    input: lastUserText(request),
    attempt: request.attempt,
  });
  const recorded = p.production.output === null ? undefined : p.redactor.value(p.production.output);
  const [production, candidate] = await Promise.all([
    gradeAttempt(p.production.output, p.specs, context(p.production.request, p.production.cost)),
    gradeAttempt(p.candidate.output, p.specs, { ...context(p.candidate.request, p.candidate.cost), ...(recorded ? { recorded } : {}), redact: (text) => p.redactor.text(text) }),
  ]);
  return { production, candidate };
}

/** The request's last user turn: what a judge is shown as the case's input. */
export function lastUserText(request: GenerateRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m?.role === "user") return contentText(m.content);
  }
  return "";
}
