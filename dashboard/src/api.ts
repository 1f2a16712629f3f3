/**
 * The one module that talks to the server (`evalgate view`). It imports only types from
 * src/. When the server has a token, it exchanges the page's ?token= for an HttpOnly
 * cookie before the app loads, and every same-origin call below carries that cookie.
 * A token still found in the address bar (an older server) is kept in sessionStorage
 * and sent as a Bearer header.
 */
import type {
  ArmSetResponse,
  AttemptListResponse,
  AttemptResponse,
  ComparisonResponse,
  ReleaseResponse,
  RunComparisonsResponse,
  RunDetailResponse,
  RunListResponse,
  TrendResponse,
} from "../../src/server/api-types.js";

export type * from "../../src/server/api-types.js";

const TOKEN_KEY = "evalgate-token";

export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Moves a ?token= from the address bar into sessionStorage, so it leaves no trace in shared links. */
export function adoptTokenFromUrl(): void {
  const params = new URLSearchParams(window.location.search);
  const token = params.get("token");
  if (token === null) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  params.delete("token");
  const search = params.toString();
  window.history.replaceState(null, "", `${window.location.pathname}${search ? `?${search}` : ""}${window.location.hash}`);
}

async function getJson<T>(path: string, params: Record<string, string | number | undefined> = {}, repeated: Array<[string, string]> = []): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") query.set(k, String(v));
  for (const [k, v] of repeated) query.append(k, v);
  const token = sessionStorage.getItem(TOKEN_KEY);
  const res = await fetch(`api/${path}${query.size ? `?${query}` : ""}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!res.ok) throw new ApiCallError(res.status, body?.error?.code ?? "HTTP", body?.error?.message ?? `HTTP ${res.status}`);
  return body as T;
}

const seg = encodeURIComponent;

export interface AttemptFilters {
  arm?: string;
  status?: string;
  grader?: string;
  tag?: string;
  search?: string;
  case?: string;
  limit?: number;
  offset?: number;
}

export const api = {
  runs: (q: { suite?: string; tag?: string; limit?: number } = {}) => getJson<RunListResponse>("runs", q),
  run: (id: string) => getJson<RunDetailResponse>(`runs/${seg(id)}`),
  attempts: (id: string, f: AttemptFilters) => getJson<AttemptListResponse>(`runs/${seg(id)}/attempts`, { ...f }),
  attempt: (id: string, caseId: string, arm: string, repeat: number) =>
    getJson<AttemptResponse>(`runs/${seg(id)}/attempts/${seg(caseId)}/${seg(arm)}/${repeat}`),
  runComparisons: (id: string) => getJson<RunComparisonsResponse>(`runs/${seg(id)}/comparisons`),
  comparison: (id: string, q: { outcome?: string; limit?: number; offset?: number } = {}) =>
    getJson<ComparisonResponse>(`comparisons/${seg(id)}`, q),
  trend: (suite: string) => getJson<TrendResponse>(`suites/${seg(suite)}/trend`),
  release: (id: string, limit?: number) => getJson<ReleaseResponse>(`comparisons/${seg(id)}/release`, { limit }),
  /** Arms as `RUN_ID:ARM` keys (the query repeats `arm`). */
  armSet: (keys: readonly string[]) => getJson<ArmSetResponse>("arm-set", {}, keys.map((k) => ["arm", k])),
};

export type {
  Attempt,
  CaseDelta,
  CaseOutcome,
  Comparison,
  ComparisonFigures,
  Estimate,
  GateResult,
  GateStatus,
  Output,
  OutputToolCall,
  ParityCard,
  Score,
  VerdictStatus,
} from "../../src/core/index.js";
export type { ArmInfo, Run } from "../../src/core/index.js";
export type { RunSummary } from "../../src/store/index.js";
export type { ArmSummary, Interval } from "../../src/stats/index.js";
export type { ReleaseWarning } from "../../src/report/release-view.js";
