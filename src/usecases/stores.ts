import { resolve } from "node:path";
import { EvalgateError } from "../core/index.js";
import { defaultStoreLocation, openStore, parseStoreLocation, storeExists, type Store } from "../store/index.js";
import { isRunFileRef } from "./run-files.js";

/** Where a use case keeps its runs: the caller's location, else EVALGATE_DB, else .evalgate/evalgate.db under cwd. */
export function storeLocation(location: string | undefined, env: Record<string, string | undefined> = process.env, cwd = process.cwd()): string {
  return location ?? defaultStoreLocation(env, cwd);
}

/** A location as messages show it: a SQLite file's absolute path, any other location as given. */
export function resolvedLocation(location: string): string {
  const parsed = parseStoreLocation(location);
  return parsed.kind === "sqlite" ? resolve(parsed.path) : location;
}

/**
 * Opens the store for commands that take RUNREFs. A missing store is created only when a
 * run file is among the refs (it is imported there); otherwise no stored run can match,
 * and the error says so without leaving an empty database behind.
 */
export async function openStoreForRefs(location: string | undefined, refs: string[]): Promise<Store> {
  const where = storeLocation(location);
  if (!refs.some(isRunFileRef) && !(await storeExists(where)) && parseStoreLocation(where).kind !== "memory") {
    throw new EvalgateError("RUNREF_NOT_FOUND", `no database at ${where}, so no run matches ${refs.map((r) => `"${r}"`).join(" or ")}`, {
      hint: "run `evalgate run <suite>` first, pass --db, or give an exported run file",
    });
  }
  return openStore(where);
}

/** Runs `use` on an open store and closes it after, whatever happens. */
export async function withStore<T>(store: Store, use: (store: Store) => Promise<T>): Promise<T> {
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}
