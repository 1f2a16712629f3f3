import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { attemptWriterProcess, describeStoreConformance } from "../store-conformance.js";
import { openStore } from "../open-store.js";

/**
 * The conformance suite on a real Postgres server: EVALGATE_TEST_POSTGRES_URL names a
 * database (`.ci/run` starts a throwaway cluster and sets it). Each test gets a schema of
 * its own (`?schema=`), so tests never see each other's runs.
 */
const url = process.env.EVALGATE_TEST_POSTGRES_URL;
let counter = 0;
const withSchema = (schema: string) => `${url}${url?.includes("?") ? "&" : "?"}schema=${schema}`;

if (!url) {
  describe("Store conformance: Postgres", () => {
    it.skip("skipped: set EVALGATE_TEST_POSTGRES_URL=postgres://… to a database the tests may write (.ci/run does)", () => undefined);
  });
  console.log("Store conformance on Postgres: skipped (set EVALGATE_TEST_POSTGRES_URL to run it against a server)");
} else {
  describeStoreConformance("Postgres", {
    freshLocation: () => withSchema(`conformance_${process.pid}_${++counter}`),
    open: (location) => openStore(location),
    shared: {
      writerProcess: attemptWriterProcess,
      // Each stored attempt's body names its own key, and no score or case tag is orphaned (psql, so the check is synchronous).
      integrityProblems: (location) => {
        const schema = new URL(location).searchParams.get("schema") ?? "public";
        const sql = `SET search_path = ${schema};
          SELECT 'attempt ' || run_id || '/' || case_id || ' has a body of another key' FROM attempts WHERE (body::json->>'caseId') <> case_id OR (body::json->>'runId') <> run_id
          UNION ALL SELECT 'score without attempt ' || case_id FROM scores s WHERE NOT EXISTS (SELECT 1 FROM attempts a WHERE a.run_id = s.run_id AND a.case_id = s.case_id AND a.arm = s.arm AND a.repeat = s.repeat);`;
        const base = new URL(location);
        base.searchParams.delete("schema");
        const r = spawnSync("psql", [base.toString(), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
        if (r.status !== 0) return [`psql failed: ${r.stderr || r.error?.message}`];
        return r.stdout.split("\n").map((l) => l.trim()).filter(Boolean);
      },
    },
  });
  describe("opening a new schema", () => {
    it("several processes' stores opening one new schema at once all open it (a run's shards sharing a store)", async () => {
      const location = withSchema(`concurrent_${process.pid}`);
      const stores = await Promise.all(Array.from({ length: 6 }, () => openStore(location)));
      expect(stores).toHaveLength(6);
      await Promise.all(stores.map((s) => s.close()));
    });
  });
}
