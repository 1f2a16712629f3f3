import { describe, expect, it } from "vitest";
import type { ArmInfo, Comparison, Run } from "../core/index.js";
import { releaseWarnings, shardNote, shipQuestion } from "./release-view.js";

const arm = (name: string, api: ArmInfo["api"], model: string, simulated = false): ArmInfo => ({ arm: name, promptId: "p", targetId: model, api, model, params: {}, warnings: [], simulated });
const run = (id: string, arms: ArmInfo[]): Run => ({ id, suite: "s", suiteHash: "h", status: "completed", startedAt: "2026-11-24T09:00:00.000Z", finishedAt: null, gitCommit: null, gitDirty: null, evalgateVersion: "0", schemaVersion: 1, tags: [], arms, simulated: arms.some((a) => a.simulated) });
const comparison = (over: Partial<Comparison> = {}): Omit<Comparison, "cases"> => ({
  id: "cmp", baselineRunId: "r1", candidateRunId: "r1", baselineArm: "p@chat", candidateArm: "p@resp",
  figures: {} as Comparison["figures"], slices: {}, changedCases: [], onlyInBaseline: [], onlyInCandidate: [],
  verdict: { status: "PASS", gates: [] }, createdAt: "2026-11-24T09:00:00.000Z", method: 3, ...over,
});

describe("the release view", () => {
  it("asks the question in the terms that differ between the arms", () => {
    const c = comparison();
    expect(shipQuestion(c, arm("p@chat", "chat", "gpt-5-mini"), arm("p@resp", "responses", "gpt-5-mini"))).toBe("Ship Chat → Responses?");
    expect(shipQuestion(c, arm("p@chat", "chat", "gpt-4o-mini"), arm("p@resp", "chat", "gpt-5-mini"))).toBe("Ship gpt-4o-mini → gpt-5-mini?");
    expect(shipQuestion(c, arm("p@chat", "chat", "gpt-4o-mini"), arm("p@resp", "responses", "gpt-5-mini"))).toBe("Ship Chat · gpt-4o-mini → Responses · gpt-5-mini?");
    expect(shipQuestion(c, arm("p@chat", "chat", "m"), arm("p@resp", "chat", "m"))).toBe("Ship p@chat → p@resp?");
    expect(shipQuestion(c, undefined, undefined)).toBe("Ship p@chat → p@resp?");
  });

  it("names the shards that did not complete, and says nothing when all did", () => {
    expect(shardNote("r1", [{ index: 1, count: 3, status: "completed" }, { index: 2, count: 3, status: "interrupted" }])).toBe(
      "run r1: 1 of 3 shards completed (shard 2 interrupted, shard 3 never recorded): the verdict covers the completed shards' cases only",
    );
    expect(shardNote("r1", [{ index: 1, count: 1, status: "completed" }])).toBeNull();
    expect(shardNote("r1", [])).toBeNull();
  });

  it("lists a partial run, incomplete shards, simulated arms, old rules and cases left out, in that order", () => {
    const c = comparison({ partial: [{ runId: "r1", status: "budget-stopped", cases: 12, planned: 30 }], method: 2, changedCases: ["a"], onlyInCandidate: ["b", "c"] });
    const r = run("r1", [arm("p@chat", "chat", "m", true), arm("p@resp", "responses", "m", true)]);
    const warnings = releaseWarnings(c, { baselineRun: r, candidateRun: r, baselineShards: [], candidateShards: [{ index: 2, count: 2, status: "completed" }] });
    expect(warnings.map((w) => w.kind)).toEqual(["partial", "shards", "simulated", "outdated", "pairing"]);
    expect(warnings[0]?.text).toBe("partial run r1: 12 of 30 cases (budget-stopped): the verdict covers part of the cases");
    expect(warnings[2]?.text).toContain("baseline p@chat and candidate p@resp answered by evalgate's simulator");
    expect(warnings[4]?.text).toBe("3 case(s) left out of the pairing (1 changed their vars, 0 only in the baseline, 2 only in the candidate)");
    expect(releaseWarnings(comparison(), { baselineRun: run("r1", [arm("p@chat", "chat", "m"), arm("p@resp", "chat", "m")]), candidateRun: undefined, baselineShards: [], candidateShards: [] })).toEqual([]);
  });
});
