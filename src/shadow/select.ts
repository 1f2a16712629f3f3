import { seedFrom } from "../core/index.js";
import type { Exchange } from "./exchange.js";

/** Which requests are mirrored (docs/shadow.md "Which requests are mirrored"). */
export interface SelectionOptions {
  /** Share of the eligible requests mirrored, 0..1. */
  share: number;
  seed: number;
  /** Only requests for these models (empty: any). */
  models: readonly string[];
  /** Only requests to these paths (empty: any create route). */
  paths: readonly string[];
  /** Only requests whose `metadata` holds every one of these pairs. */
  metadata: ReadonlyArray<{ key: string; value: string }>;
  /** Mirror `store: true` requests too. */
  mirrorStateful: boolean;
}

/** Why a request was not mirrored; each is counted apart in the proxy's status. */
export type SkipReason = "route" | "stateful" | "production_error" | "too_large" | "unparsable" | "filtered" | "not_drawn";

export type Selection = { mirror: true; body: Record<string, unknown> } | { mirror: false; reason: SkipReason };

/** Files and batches hold state at the upstream: passed through, never mirrored. */
const STATEFUL_ROUTE = /\/(files|batches|uploads|vector_stores|conversations)(\/|$)/;

/**
 * Decides after the production reply is complete, so nothing here is on the reply's path.
 * The draw is a pure function of (seed, the request's arrival number): each request is
 * mirrored with probability `share`, independently, so the mirrored count is binomial and
 * the same traffic in the same order is mirrored the same way.
 */
export function selectForMirror(options: SelectionOptions, exchange: Exchange, arrival: number): Selection {
  if (STATEFUL_ROUTE.test(exchange.path)) return { mirror: false, reason: "stateful" };
  if (exchange.api === null || exchange.requestBody === null) return { mirror: false, reason: "route" };
  if (exchange.status < 200 || exchange.status > 299) return { mirror: false, reason: "production_error" };
  if (exchange.capture.truncated || exchange.capture.endedAt === null) return { mirror: false, reason: "too_large" };
  const body = parseBody(exchange.requestBody);
  if (!body) return { mirror: false, reason: "unparsable" };
  if (!matchesFilters(options, exchange.path, body)) return { mirror: false, reason: "filtered" };
  if (isStateful(body) && !options.mirrorStateful) return { mirror: false, reason: "stateful" };
  return drawn(options, arrival) ? { mirror: true, body } : { mirror: false, reason: "not_drawn" };
}

export function drawn(options: Pick<SelectionOptions, "share" | "seed">, arrival: number): boolean {
  if (options.share >= 1) return true;
  if (options.share <= 0) return false;
  return seedFrom(options.seed, "shadow", arrival) / 4294967296 < options.share;
}

function parseBody(raw: Buffer): Record<string, unknown> | null {
  try {
    const body: unknown = JSON.parse(raw.toString("utf8"));
    return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function matchesFilters(options: SelectionOptions, path: string, body: Record<string, unknown>): boolean {
  if (options.paths.length && !options.paths.some((p) => path === p || path.endsWith(p))) return false;
  if (options.models.length && !options.models.includes(String(body.model))) return false;
  const metadata = typeof body.metadata === "object" && body.metadata !== null ? (body.metadata as Record<string, unknown>) : {};
  return options.metadata.every(({ key, value }) => metadata[key] === value);
}

/** A request that writes state at the upstream, or reads state a candidate does not hold. */
function isStateful(body: Record<string, unknown>): boolean {
  return body.store === true || (body.previous_response_id ?? null) !== null || (body.conversation ?? null) !== null;
}
