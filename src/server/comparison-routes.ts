import type { FastifyInstance } from "fastify";
import type { Store } from "../store/index.js";
import { notFound } from "./api-error.js";
import type { ComparisonResponse } from "./api-types.js";
import { enumParam, intParam, type Query } from "./query-params.js";
import { MAX_PAGE } from "./run-routes.js";
import { OUTCOME_ORDER, outdatedMethodNote, parityCard, PARITY_MISSING, partialNote, type CaseOutcome } from "../core/index.js";
import { countOutcomes, sortCasesRegressionsFirst } from "./views.js";

/** `GET /api/comparisons/:id?outcome&limit&offset`: the stored comparison, its cases paged regressions first. */
export function registerComparisonRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { id: string }; Querystring: Query }>("/api/comparisons/:id", async (req): Promise<ComparisonResponse> => {
    const q = req.query;
    const outcome = enumParam<CaseOutcome>(q, "outcome", OUTCOME_ORDER);
    const limit = intParam(q, "limit", 100, 1, MAX_PAGE);
    const offset = intParam(q, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const stored = await store.getComparison(req.params.id);
    if (!stored) throw notFound(`comparison '${req.params.id}'`);
    const { cases, ...comparison } = stored;
    const selected = outcome === undefined ? cases : cases.filter((c) => c.outcome === outcome);
    const sorted = sortCasesRegressionsFirst(selected);
    const parity = parityCard(stored) ?? { missing: PARITY_MISSING };
    return { comparison, outdated: outdatedMethodNote(stored), partial: partialNote(stored), parity, cases: sorted.slice(offset, offset + limit), caseTotal: sorted.length, caseCounts: countOutcomes(cases), limit, offset };
  });
}
