import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll } from "vitest";
import { attemptWriterProcess, describeStoreConformance } from "../store-conformance.js";
import { openStore } from "../open-store.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;


describeStoreConformance("SQLite (file-backed)", {
  freshLocation: () => `sqlite:${join(dir, `db-${++counter}`, "evalgate.db")}`,
  open: (location) => openStore(location),
  shared: {
    writerProcess: attemptWriterProcess,
    integrityProblems: (location) => {
      const db = new Database(location.replace(/^sqlite:/, ""), { readonly: true });
      try {
        const rows = db.pragma("integrity_check") as Array<{ integrity_check: string }>;
        const fk = db.pragma("foreign_key_check") as unknown[];
        return [...rows.map((r) => r.integrity_check).filter((r) => r !== "ok"), ...fk.map((f) => JSON.stringify(f))];
      } finally {
        db.close();
      }
    },
  },
});
