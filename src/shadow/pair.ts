import { hashJson, type Attempt, type Cost, type GenerateRequest } from "../core/index.js";
import type { GenerateResult } from "../providers/index.js";
import type { StoredCase } from "../store/index.js";
import type { Exchange } from "./exchange.js";
import { lastUserText, type PairGrading } from "./grading.js";
import type { RecordedReply } from "./recorded-reply.js";
import type { Redactor } from "./redaction.js";

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
  /** What production paid for the recorded reply (null usd: the catalog does not know the model). */
  productionCost: Cost;
  candidate: { result: GenerateResult; cost: Attempt["cost"]; startedAt: string; finishedAt: string; simulated: boolean };
  grading: PairGrading;
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
          cost: p.productionCost,
          ...p.grading.production,
        }
      : { status: "error" as const, output: null, error: recorded.error, cost: { usd: 0, inputUsd: 0, outputUsd: 0 }, scores: [], score: null, pass: null }),
  };
  const r = p.candidate.result;
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
      ? { status: "ok" as const, output: r.output, error: null, cost: p.candidate.cost, ...p.grading.candidate }
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
