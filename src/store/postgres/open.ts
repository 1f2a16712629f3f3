import pg from "pg";
import { EvalgateError } from "../../core/index.js";
import { maskPassword } from "./mask-password.js";
import { migratePostgres } from "./migrations.js";
import { PostgresStore } from "./postgres-store.js";


const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens the Postgres store at a `postgres://` (or `postgresql://`) URL, migrating it unless
 * read-only. `?schema=NAME` keeps evalgate's tables in their own schema (created when
 * missing), so one database can hold several teams' stores.
 */
export async function openPostgresStore(url: string, options: { readonly?: boolean } = {}): Promise<PostgresStore> {
  const location = maskPassword(url);
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  if (schema !== null && !SCHEMA_NAME.test(schema)) {
    throw new EvalgateError("BAD_FLAG", `${location}: schema ${JSON.stringify(schema)} is not a plain lowercase name`, { hint: "use letters, digits and _ (e.g. ?schema=evalgate)" });
  }
  const pool = new pg.Pool({ connectionString: parsed.toString(), max: 4, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  // An idle client's error (the server went away) must not crash the process: the next query reports it.
  pool.on("error", () => undefined);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new EvalgateError("DATABASE_UNUSABLE", `cannot connect to ${location}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: "check that the server is up and the URL's host, port, user and database; the password is never printed",
      cause: error,
    });
  }
  try {
    if (schema) await createSchemaOnce(client, schema);
    if (!options.readonly) await migratePostgres(client, location);
  } catch (error) {
    client.release();
    await pool.end().catch(() => undefined);
    if (error instanceof EvalgateError) throw error;
    throw new EvalgateError("DATABASE_UNUSABLE", `cannot prepare ${location}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  client.release();
  return new PostgresStore(location, pool, options.readonly === true);
}

/**
 * `CREATE SCHEMA IF NOT EXISTS` is not safe against itself: two processes creating one new
 * schema at once (a run's shards opening their shared store) can both pass the check, and
 * the second fails on pg_namespace's unique index. Under an advisory lock, one creates it
 * and the others find it.
 */
async function createSchemaOnce(client: pg.PoolClient, schema: string): Promise<void> {
  await client.query("SELECT pg_advisory_lock(hashtext('evalgate-schema'))");
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('evalgate-schema'))");
  }
}
