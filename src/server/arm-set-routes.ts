import type { FastifyInstance } from "fastify";
import { commonCases } from "../compare/index.js";
import { PRICE_TABLE_VERSION, type Attempt, type Run } from "../core/index.js";
import { attemptFigures, costPer1kRequests, judgeCostPer1kRequests, paretoFrontier, summarizeArm } from "../stats/index.js";
import type { Store } from "../store/index.js";
import { ApiError, notFound } from "./api-error.js";
import type { ArmSetArm, ArmSetResponse } from "./api-types.js";
import type { Query } from "./query-params.js";
import { armView } from "./release-routes.js";

/** Arms one PM page compares at most. */
export const MAX_ARM_SET = 12;
/** Case differences listed (all are counted). */
const MAX_DIFFERENCES = 50;

interface ArmRef {
  key: string;
  runId: string;
  arm: string;
}

/** `arm=RUN_ID:ARM`, repeated (none: an empty set): run ids hold no ':', arm names may. */
export function armRefs(query: Query): ArmRef[] {
  const raw = query.arm;
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (values.length > MAX_ARM_SET) throw new ApiError("BAD_QUERY", `give at most ${MAX_ARM_SET} arms (arm=RUN_ID:ARM), got ${values.length}`);
  const refs = values.map((v) => {
    const s = String(v);
    const at = s.indexOf(":");
    if (at <= 0 || at === s.length - 1) throw new ApiError("BAD_QUERY", `query parameter 'arm' must be RUN_ID:ARM, got '${s}'`);
    return { key: s, runId: s.slice(0, at), arm: s.slice(at + 1) };
  });
  return [...new Map(refs.map((r) => [r.key, r])).values()];
}

/** `GET /api/arm-set?arm=RUN_ID:ARM&arm=…`: cost per 1,000 requests and pass rate per arm, over the cases all of them share. */
export function registerArmSetRoutes(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: Query }>("/api/arm-set", async (req): Promise<ArmSetResponse> => {
    const refs = armRefs(req.query);
    const loaded = [];
    for (const ref of refs) loaded.push(await loadArm(store, ref));
    const { shared, differing } = commonCases(loaded.map((l) => ({ label: `${l.ref.arm} (${l.ref.runId})`, cases: l.cases })));
    const keep = new Set(shared);
    const arms = loaded.map(({ ref, run, attempts }) => {
      const figures = attempts.filter((a) => keep.has(a.caseId)).map(attemptFigures);
      const summary = summarizeArm(ref.arm, figures);
      return { ...armView(ref.runId, ref.arm, run), key: ref.key, summary, costPer1k: costPer1kRequests(figures), judgeCostPer1k: judgeCostPer1kRequests(summary.judgeCost, summary.attempts), frontier: false };
    });
    const frontier = new Set(paretoFrontier(arms.map((a) => ({ key: a.key, cost: a.costPer1k?.estimate ?? null, quality: a.summary.passRate?.estimate ?? null }))));
    return {
      arms: arms.map((a): ArmSetArm => ({ ...a, frontier: frontier.has(a.key) })),
      sharedCases: shared.length,
      differing: differing.slice(0, MAX_DIFFERENCES),
      differingTotal: differing.length,
      priceTableVersion: PRICE_TABLE_VERSION,
    };
  });
}

async function loadArm(store: Store, ref: ArmRef): Promise<{ ref: ArmRef; run: Run; attempts: Attempt[]; cases: Map<string, string> }> {
  const run = await store.getRun(ref.runId);
  if (!run) throw notFound(`run '${ref.runId}'`);
  if (!run.arms.some((a) => a.arm === ref.arm)) throw notFound(`arm '${ref.arm}' in run '${ref.runId}' (its arms: ${run.arms.map((a) => a.arm).join(", ")})`);
  const attempts: Attempt[] = [];
  for await (const a of store.streamAttempts(run.id, { arm: ref.arm })) attempts.push(a);
  const hashes = new Map((await store.getCases(run.id)).map((c) => [c.id, c.varsHash]));
  const cases = new Map<string, string>();
  for (const a of attempts) cases.set(a.caseId, hashes.get(a.caseId) ?? `unknown:${a.caseId}`);
  return { ref, run, attempts, cases };
}
