import { describe, expect, it } from "vitest";
import type { Plan } from "../suite/index.js";
import { assertBatchable, BATCH_STREAM_WARNING, noteBatchArms } from "./batch-wiring.js";

describe("what --batch refuses and notes", () => {
  it("refuses flags a batch cannot honour, naming the clash", () => {
    expect(() => assertBatchable({ batch: true, offline: true })).toThrow("--batch cannot be combined with --offline");
    expect(() => assertBatchable({ batch: true, cache: "read" })).toThrow("--batch cannot be combined with --cache read");
    expect(() => assertBatchable({ batch: true, shard: { index: 1, count: 2 } })).toThrow("--batch cannot be combined with --shard");
    expect(() => assertBatchable({ batchSize: 10 })).toThrow("--batch-size sizes the files of a --batch run");
    expect(() => assertBatchable({ batchJudges: true })).toThrow("--batch-judges sends the judge calls of a --batch run through the Batch API");
    expect(() => assertBatchable({ batch: true, batchJudges: true })).not.toThrow();
    expect(() => assertBatchable({ batch: true, cache: "off", batchSize: 10 })).not.toThrow();
    expect(() => assertBatchable({})).not.toThrow();
  });

  it("warns each streaming arm, once, that it is sent without streaming", () => {
    const arm = (id: string, stream: boolean) => ({ arm: id, target: { stream }, warnings: [] as string[] });
    const plan = { arms: [arm("p@a", true), arm("p@b", false)] } as unknown as Plan;
    noteBatchArms(plan);
    noteBatchArms(plan);
    expect(plan.arms.map((a) => a.warnings)).toEqual([[BATCH_STREAM_WARNING], []]);
  });
});
