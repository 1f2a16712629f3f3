import { contentText, hashJson, pricingFor, priceUsage, type Attempt, type GenerateRequest } from "../core/index.js";
import type { GenerateResult } from "../providers/index.js";
import type { StoredCase } from "../store/index.js";
import { agreementScore, referenceScore } from "./agreement.js";
import type { Exchange } from "./exchange.js";
import type { RecordedReply } from "./recorded-reply.js";
import type { Redactor } from "./redaction.js";

/** The arms of every shadow run: the recorded production reply, and the live candidate. */
export const SHADOW_PROMPT = "shadow";
export const PRODUCTION_TARGET = "production";

/** A mirrored exchange as the store keeps it: its case and both attempts, redacted. */
export interface ShadowPair {
  kase: StoredCase;
  production: Attempt;
  candidate: Attempt;
}

export interface PairInput {
  runId: string;
  caseId: string;
  productionArm: string;
  candidateArm: string;
  exchange: Exchange;
  /** The production request, parsed, as the caller sent it. */
  wireRequest: Record<string, unknown>;
  /** The same request mapped to the neutral prompt. */
  neutral: GenerateRequest;
  recorded: RecordedReply;
  candidate: { result: GenerateResult; cost: Attempt["cost"]; startedAt: string; finishedAt: string; simulated: boolean };
  redactor: Redactor;
}

export function buildShadowPair(p: PairInput): ShadowPair {
  const finishedAt = new Date(Date.parse(p.exchange.receivedAt) + (p.exchange.capture.endedAt ?? 0)).toISOString();
  const recorded = p.recorded;
  const production: Attempt = {
    runId: p.runId,
    caseId: p.caseId,
    arm: p.productionArm,
    repeat: 0,
    tries: 1,
    startedAt: p.exchange.receivedAt,
    finishedAt,
    replayed: false,
    simulated: p.exchange.modelledLatency !== null,
    ...(recorded.ok
      ? {
          status: "ok" as const,
          output: recorded.output,
          error: null,
          // Priced by the catalog at the model the caller asked for (a dated snapshot in the reply prices the same).
          cost: priceUsage(recorded.output.usage, pricingFor({ model: p.neutral.model })),
          scores: [referenceScore()],
          score: 1,
          pass: true,
        }
      : { status: "error" as const, output: null, error: recorded.error, cost: { usd: 0, inputUsd: 0, outputUsd: 0 }, scores: [], score: null, pass: null }),
  };
  const r = p.candidate.result;
  const scores = r.ok && recorded.ok ? [agreementScore(r.output, recorded.output)] : [];
  const candidate: Attempt = {
    runId: p.runId,
    caseId: p.caseId,
    arm: p.candidateArm,
    repeat: 0,
    tries: r.tries,
    startedAt: p.candidate.startedAt,
    finishedAt: p.candidate.finishedAt,
    replayed: false,
    simulated: p.candidate.simulated,
    ...(r.ok
      ? { status: "ok" as const, output: r.output, error: null, cost: p.candidate.cost, scores, score: scores[0]?.value ?? null, pass: scores.length ? scores.every((s) => s.pass) : false }
      : { status: "error" as const, output: null, error: r.error, cost: { usd: 0, inputUsd: 0, outputUsd: 0 }, scores: [], score: null, pass: null }),
  };
  const request = p.redactor.value(p.wireRequest);
  const kase: StoredCase = {
    id: p.caseId,
    vars: p.redactor.value({ api: p.neutral.api, path: p.exchange.path, model: p.neutral.model, input: lastUserText(p.neutral) }),
    tags: [p.neutral.api],
    varsHash: hashJson(request),
  };
  return { kase, production: p.redactor.attempt(production), candidate: p.redactor.attempt(candidate) };
}

function lastUserText(request: GenerateRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const m = request.messages[i];
    if (m?.role === "user") return contentText(m.content);
  }
  return "";
}
