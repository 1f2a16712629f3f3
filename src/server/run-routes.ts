import type { FastifyInstance } from "fastify";
import type { Attempt } from "../core/index.js";
import type { Store, StoredCase } from "../store/index.js";
import { notFound } from "./api-error.js";
import type {
  AttemptListResponse,
  AttemptResponse,
  AttemptRow,
  RunComparisonsResponse,
  RunDetailResponse,
  RunListResponse,
  TrendResponse,
} from "./api-types.js";
import { ATTEMPT_OUTCOMES, enumParam, intParam, intSegment, optionalString, type Query } from "./query-params.js";
import { comparisonHead, runListItem, trendPoint } from "./views.js";

export const MAX_PAGE = 500;
const GRADER_SAMPLE = 200;

/** Case vars and tags by case id, per run: read once per run (cases never change after a run is created). */
export class CaseIndex {
  private readonly byRun = new Map<string, Map<string, StoredCase>>();

  constructor(
    private readonly store: Store,
    private readonly maxRuns = 8,
  ) {}

  async of(runId: string): Promise<Map<string, StoredCase>> {
    const hit = this.byRun.get(runId);
    if (hit) return hit;
    const cases = new Map((await this.store.getCases(runId)).map((c) => [c.id, c]));
    if (this.byRun.size >= this.maxRuns) this.byRun.delete(this.byRun.keys().next().value as string);
    // An empty case list may still be filling (a shard yet to arrive): don't keep it.
    if (cases.size > 0) this.byRun.set(runId, cases);
    return cases;
  }
}

function withCase(attempt: Attempt, cases: Map<string, StoredCase>): AttemptRow {
  const c = cases.get(attempt.caseId);
  return { ...attempt, vars: c?.vars ?? null, tags: c?.tags ?? [] };
}

export function registerRunRoutes(app: FastifyInstance, store: Store, cases: CaseIndex): void {
  const requireRun = async (id: string) => {
    const run = await store.getRun(id);
    if (!run) throw notFound(`run '${id}'`);
    return run;
  };

  app.get<{ Querystring: Query }>("/api/runs", async (req): Promise<RunListResponse> => {
    const q = req.query;
    const summaries = await store.listRuns({ suite: optionalString(q, "suite"), tag: optionalString(q, "tag"), limit: intParam(q, "limit", 50, 1, MAX_PAGE) });
    const runs = [];
    for (const s of summaries) runs.push(runListItem(s, await store.listComparisonHeads(s.run.id)));
    return { runs };
  });

  app.get<{ Params: { id: string } }>("/api/runs/:id", async (req): Promise<RunDetailResponse> => {
    const summary = await store.summarizeRun((await requireRun(req.params.id)).id);
    if (!summary) throw notFound(`run '${req.params.id}'`);
    const caseTags = new Set<string>();
    for (const c of (await cases.of(summary.run.id)).values()) for (const t of c.tags) caseTags.add(t);
    const sample = (await store.listAttempts(summary.run.id, { limit: GRADER_SAMPLE, offset: 0 })).attempts;
    const graders = new Set(sample.flatMap((a) => a.scores.map((s) => s.grader)));
    return {
      summary,
      comparisons: (await store.listComparisons(summary.run.id)).map(comparisonHead),
      caseTags: [...caseTags].sort(),
      graders: [...graders].sort(),
    };
  });

  app.get<{ Params: { id: string }; Querystring: Query }>("/api/runs/:id/attempts", async (req): Promise<AttemptListResponse> => {
    const run = await requireRun(req.params.id);
    const q = req.query;
    const limit = intParam(q, "limit", 50, 1, MAX_PAGE);
    const offset = intParam(q, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const page = await store.listAttempts(run.id, {
      arm: optionalString(q, "arm"),
      caseId: optionalString(q, "case"),
      status: enumParam(q, "status", ATTEMPT_OUTCOMES),
      grader: optionalString(q, "grader"),
      tag: optionalString(q, "tag"),
      search: optionalString(q, "search"),
      limit,
      offset,
    });
    const index = await cases.of(run.id);
    return { total: page.total, limit, offset, attempts: page.attempts.map((a) => withCase(a, index)) };
  });

  app.get<{ Params: { id: string; case: string; arm: string; repeat: string } }>(
    "/api/runs/:id/attempts/:case/:arm/:repeat",
    async (req): Promise<AttemptResponse> => {
      const { id, case: caseId, arm } = req.params;
      const run = await requireRun(id);
      const attempt = await store.getAttempt(run.id, caseId, arm, intSegment(req.params.repeat, "repeat"));
      if (!attempt) throw notFound(`attempt ${caseId}/${req.params.repeat} of arm '${arm}' in run '${id}'`);
      return { attempt: withCase(attempt, await cases.of(run.id)) };
    },
  );

  app.get<{ Params: { id: string } }>("/api/runs/:id/comparisons", async (req): Promise<RunComparisonsResponse> => {
    const run = await requireRun(req.params.id);
    return { comparisons: (await store.listComparisons(run.id)).map(comparisonHead) };
  });

  app.get<{ Params: { name: string }; Querystring: Query }>("/api/suites/:name/trend", async (req): Promise<TrendResponse> => {
    const summaries = await store.listRuns({ suite: req.params.name, limit: intParam(req.query, "limit", 100, 1, MAX_PAGE) });
    if (summaries.length === 0) throw notFound(`suite '${req.params.name}' (no stored runs)`);
    return { suite: req.params.name, points: summaries.map(trendPoint).reverse() };
  });
}
