import type { FastifyInstance } from "fastify";
import { commonCases } from "../compare/index.js";
import { PRICE_TABLE_VERSION, type Run } from "../core/index.js";
import { attemptFigures, costPer1kRequests, judgeCostPer1kRequests, paretoFrontier, summarizeArm, type AttemptFigures } from "../stats/index.js";
import type { Store } from "../store/index.js";
import { ApiError, notFound } from "./api-error.js";
import type { ArmSetArm, ArmSetResponse } from "./api-types.js";
import type { Query } from "./query-params.js";
import { armView } from "./release-routes.js";

/** Arms one PM page compares at most. */
export const MAX_ARM_SET = 12;
/** Case differences listed (all are counted). */
const MAX_DIFFERENCES = 50;

export interface ArmRef {
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
  const arms = new ArmFiguresCache(store);
  app.get<{ Querystring: Query }>("/api/arm-set", async (req): Promise<ArmSetResponse> => {
    const refs = armRefs(req.query);
    const loaded = [];
    for (const ref of refs) loaded.push(await arms.of(ref));
    const { shared, differing } = commonCases(loaded.map((l) => ({ label: `${l.ref.arm} (${l.ref.runId})`, cases: l.cases })));
    const keep = new Set(shared);
    const views = loaded.map(({ ref, run, figures: all }) => {
      const figures = all.filter((f) => keep.has(f.caseId));
      const summary = summarizeArm(ref.arm, figures);
      return { ...armView(ref.runId, ref.arm, run), key: ref.key, summary, costPer1k: costPer1kRequests(figures), judgeCostPer1k: judgeCostPer1kRequests(summary.judgeCost, summary.attempts), frontier: false };
    });
    const frontier = new Set(paretoFrontier(views.map((a) => ({ key: a.key, cost: a.costPer1k?.estimate ?? null, quality: a.summary.passRate?.estimate ?? null }))));
    return {
      arms: views.map((a): ArmSetArm => ({ ...a, frontier: frontier.has(a.key) })),
      sharedCases: shared.length,
      differing: differing.slice(0, MAX_DIFFERENCES),
      differingTotal: differing.length,
      priceTableVersion: PRICE_TABLE_VERSION,
    };
  });
}

interface LoadedArm {
  ref: ArmRef;
  run: Run;
  /** The figures of each attempt (stats attemptFigures): what the summary and the cost interval need. */
  figures: AttemptFigures[];
  /** Case id → vars hash, for the cases the arm has attempts for. */
  cases: Map<string, string>;
}

/**
 * An arm's attempt figures, read once per completed run: reading every attempt is the
 * route's cost (about 2 s per 50,000 attempts on the 2-core development machine), and a
 * completed run's attempts never change. A run still being written is read every time.
 */
export class ArmFiguresCache {
  private readonly byKey = new Map<string, LoadedArm>();

  constructor(
    private readonly store: Store,
    private readonly maxArms = 16,
  ) {}

  async of(ref: ArmRef): Promise<LoadedArm> {
    const run = await this.store.getRun(ref.runId);
    if (!run) throw notFound(`run '${ref.runId}'`);
    if (!run.arms.some((a) => a.arm === ref.arm)) throw notFound(`arm '${ref.arm}' in run '${ref.runId}' (its arms: ${run.arms.map((a) => a.arm).join(", ")})`);
    const key = `${ref.key}\u0000${run.status}\u0000${run.finishedAt ?? ""}`;
    const hit = this.byKey.get(key);
    if (hit) return { ...hit, ref, run };
    const figures: AttemptFigures[] = [];
    for await (const a of this.store.streamAttempts(run.id, { arm: ref.arm })) figures.push(attemptFigures(a));
    const hashes = new Map((await this.store.getCases(run.id)).map((c) => [c.id, c.varsHash]));
    const cases = new Map<string, string>();
    for (const f of figures) cases.set(f.caseId, hashes.get(f.caseId) ?? `unknown:${f.caseId}`);
    const loaded = { ref, run, figures, cases };
    if (run.status === "completed") {
      if (this.byKey.size >= this.maxArms) this.byKey.delete(this.byKey.keys().next().value as string);
      this.byKey.set(key, loaded);
    }
    return loaded;
  }
}
