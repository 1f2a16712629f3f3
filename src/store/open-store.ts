import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { EvalgateError } from "../core/index.js";
import { MemoryStore } from "./memory/memory-store.js";
import { maskPassword } from "./postgres/mask-password.js";
import { openSqliteStore, type OpenSqliteOptions } from "./sqlite/open.js";
import type { Store } from "./store.js";

/**
 * Store locations (docs/design/architecture.md §8): a file path or `sqlite:PATH` is SQLite
 * (the default), `postgres://…` a Postgres server (the team store), `memory:` a store in
 * this process that keeps nothing. Any other scheme is refused with what is supported.
 */
export type StoreLocation = { kind: "sqlite"; path: string } | { kind: "memory" } | { kind: "postgres"; url: string };

/** A scheme of two or more letters (so `C:\…` stays a path). */
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

export function parseStoreLocation(location: string): StoreLocation {
  const trimmed = location.trim();
  if (trimmed === "") throw new EvalgateError("BAD_FLAG", "the store location is empty", { hint: "give --db a path (or sqlite:PATH), or memory:" });
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: "sqlite", path: trimmed };
  if (scheme === "sqlite") {
    const path = trimmed.slice("sqlite:".length).replace(/^\/\/(?=\/)/, "").replace(/^\/\/(?!\/)/, "");
    if (path === "") throw new EvalgateError("BAD_FLAG", `${location} names no file`, { hint: "e.g. sqlite:.evalgate/evalgate.db or sqlite:///var/lib/evalgate.db" });
    return { kind: "sqlite", path };
  }
  if (scheme === "memory") return { kind: "memory" };
  if (scheme === "postgres" || scheme === "postgresql") return { kind: "postgres", url: trimmed };
  throw new EvalgateError("BAD_FLAG", `evalgate cannot open a store at ${maskPassword(trimmed)}: no store speaks ${scheme}:`, {
    hint: "use a SQLite file (a path, or sqlite:PATH), a postgres:// URL, or memory:; set it with --db or EVALGATE_DB",
  });
}

export interface OpenStoreOptions extends OpenSqliteOptions {}

/** Opens the store a location names (creating a SQLite file and its folder unless read-only). */
export async function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  const parsed = parseStoreLocation(location);
  if (parsed.kind === "memory") return new MemoryStore(location.trim());
  // node-postgres loads only for a Postgres store: a SQLite run does not pay for it.
  if (parsed.kind === "postgres") return (await import("./postgres/open.js")).openPostgresStore(parsed.url, { readonly: options.readonly === true });
  return openSqliteStore(parsed.path, options);
}

/** Whether the location holds a store already (a memory: store never does). */
export async function storeExists(location: string): Promise<boolean> {
  const parsed = parseStoreLocation(location);
  if (parsed.kind === "postgres") return true;
  return parsed.kind === "sqlite" && existsSync(parsed.path);
}

/**
 * `.evalgate/evalgate.db` under the working directory; `EVALGATE_DB` overrides
 * (docs/design/architecture.md §5): a path (relative to the working directory) or a location URL.
 */
export function defaultStoreLocation(env: Record<string, string | undefined>, cwd: string): string {
  const override = env.EVALGATE_DB?.trim();
  if (override) return SCHEME.test(override) || isAbsolute(override) ? override : resolve(cwd, override);
  return join(cwd, ".evalgate", "evalgate.db");
}
