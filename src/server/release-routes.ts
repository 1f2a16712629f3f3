import type { FastifyInstance } from "fastify";
import type { Attempt, Comparison, Run } from "../core/index.js";
import { topRegressions, type RegressionView } from "../report/comparison-view.js";
import { releaseWarnings, shipQuestion } from "../report/release-view.js";
import type { Store } from "../store/index.js";
import { notFound } from "./api-error.js";
import type { ArmView, RegressionPair, RegressionSide, ReleaseResponse } from "./api-types.js";
import { intParam, type Query } from "./query-params.js";
import { comparisonHead } from "./views.js";

/** Regressions shown with both outputs unless `limit` says otherwise (the HTML report's default). */
const DEFAULT_REGRESSIONS = 10;

/** `GET /api/comparisons/:id/release?limit`: the verdict's question, its arms, every caveat and the worst regressions. */
export function registerReleaseRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { id: string }; Querystring: Query }>("/api/comparisons/:id/release", async (req): Promise<ReleaseResponse> => {
    const limit = intParam(req.query, "limit", DEFAULT_REGRESSIONS, 1, 50);
    const c = await store.getComparison(req.params.id);
    if (!c) throw notFound(`comparison '${req.params.id}'`);
    const [baselineRun, candidateRun] = await Promise.all([store.getRun(c.baselineRunId), store.getRun(c.candidateRunId)]);
    const [baselineShards, candidateShards] = await Promise.all([store.listShards(c.baselineRunId), store.listShards(c.candidateRunId)]);
    const baseInfo = baselineRun?.arms.find((a) => a.arm === c.baselineArm);
    const candInfo = candidateRun?.arms.find((a) => a.arm === c.candidateArm);
    return {
      comparison: comparisonHead(c),
      question: shipQuestion(c, baseInfo, candInfo),
      baseline: armView(c.baselineRunId, c.baselineArm, baselineRun),
      candidate: armView(c.candidateRunId, c.candidateArm, candidateRun),
      warnings: releaseWarnings(c, { baselineRun, candidateRun, baselineShards, candidateShards }),
      regressions: await regressionPairs(store, c, [baselineRun, candidateRun], limit),
    };
  });
}

export function armView(runId: string, arm: string, run: Run | undefined): ArmView {
  const info = run?.arms.find((a) => a.arm === arm);
  return { runId, arm, api: info?.api ?? null, model: info?.model ?? null, simulated: info?.simulated ?? false, suite: run?.suite ?? null, runStatus: run?.status ?? null, startedAt: run?.startedAt ?? null };
}

/** The report's top regressions (one choice and order for every reader), read from the store case by case. */
async function regressionPairs(store: Store, c: Comparison, runs: Array<Run | undefined>, limit: number): Promise<RegressionPair[]> {
  const picked = topRegressions(c, { runs: [], comparisons: [] }, limit).map((r) => r.delta.caseId);
  if (picked.length === 0) return [];
  const read = async (runId: string, arm: string): Promise<Attempt[]> =>
    (await Promise.all(picked.map((caseId) => store.listAttempts(runId, { arm, caseId, limit: 100, offset: 0 })))).flatMap((p) => p.attempts);
  const [baseAttempts, candAttempts] = await Promise.all([read(c.baselineRunId, c.baselineArm), read(c.candidateRunId, c.candidateArm)]);
  const sides =
    c.baselineRunId === c.candidateRunId
      ? [{ run: runs[1], attempts: [...baseAttempts, ...candAttempts] }]
      : [{ run: runs[0], attempts: baseAttempts }, { run: runs[1], attempts: candAttempts }];
  const reports = sides.flatMap((r) => (r.run ? [{ run: r.run, arms: [], attempts: r.attempts }] : []));
  return topRegressions(c, { runs: reports, comparisons: [] }, limit).map(regressionPair);
}

function regressionPair(r: RegressionView): RegressionPair {
  const side = (row: RegressionView["baseline"], text: string): RegressionSide => ({ text, passed: row?.passed ?? 0, repeats: row?.repeats ?? 0, reasons: row?.reasons ?? [] });
  return {
    caseId: r.delta.caseId,
    tags: r.delta.tags,
    baselineScore: r.delta.baselineScore,
    candidateScore: r.delta.candidateScore,
    baseline: side(r.baseline, r.baselineText),
    candidate: side(r.candidate, r.candidateText),
  };
}
