import { expect, it } from "vitest";
import type { BatchIntent } from "../core/index.js";
import { makeCases, makeRun, makeSuite } from "./store-fixtures.js";
import type { Store } from "./store.js";

/** Batch runs' intents (`run --batch`): recorded before the batch exists, completed with its id, kept per run. */
export function describeBatchIntents(open: () => Promise<Store>): void {
  it("records a batch chunk's intent, then its batch id in its place, and lists a run's chunks by id", async () => {
    const store = await open();
    const run = makeRun();
    await store.createRun(run, makeSuite(), makeCases(3));
    const intent = (chunk: string, batchId: string | null): BatchIntent => ({
      chunk, arm: "p@chat", fileId: `file-${chunk}`, batchId, attempts: ["c1/0", "c2/0"], createdAt: "2026-12-01T00:00:00.000Z",
    });
    await store.saveBatchIntent(run.id, intent("p@chat#1", null));
    await store.saveBatchIntent(run.id, intent("p@chat#0", null));
    expect(await store.listBatchIntents(run.id)).toEqual([intent("p@chat#0", null), intent("p@chat#1", null)]);
    await store.saveBatchIntent(run.id, intent("p@chat#0", "batch_abc"));
    expect(await store.listBatchIntents(run.id)).toEqual([intent("p@chat#0", "batch_abc"), intent("p@chat#1", null)]);
    expect(await store.listBatchIntents("run_other")).toEqual([]);
    await expect(store.saveBatchIntent("run_missing", intent("x#0", null))).rejects.toThrow(/does not hold run run_missing/);
  });
}
