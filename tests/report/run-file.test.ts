import { describe, expect, it } from "vitest";
import { buildRunFile, parseRunFile, RUN_FILE_VERSION, withoutRaw } from "../../src/report/run-file.js";
import { makeAttempt, makeErrorAttempt, makeRun } from "../../src/store/store-fixtures.js";
import { CASES, fixtureAttempts, fixtureComparison, RUN_ID } from "./fixtures.js";

function file() {
  return buildRunFile(
    {
      run: makeRun({ id: RUN_ID }),
      suite: { name: "support-triage", hash: "hash-support-triage", source: { gates: { quality: { margin: 0.02 } } } },
      cases: CASES,
      attempts: fixtureAttempts().map(withoutRaw),
      comparisons: [fixtureComparison()],
    },
    new Date("2026-11-25T12:00:00.000Z"),
  );
}

describe("run files", () => {
  it("round-trips through JSON with its format, version and export time", () => {
    const parsed = parseRunFile(JSON.parse(JSON.stringify(file())), "run.json");
    expect(parsed).toMatchObject({ format: "evalgate-run", version: RUN_FILE_VERSION, exportedAt: "2026-11-25T12:00:00.000Z" });
    expect(parsed.attempts).toHaveLength(8);
    expect(parsed.comparisons[0]?.verdict.status).toBe("FAIL");
  });

  it("drops raw payloads but keeps the normalized output; an errored attempt is unchanged", () => {
    const a = withoutRaw(makeAttempt({ caseId: "c" }));
    expect(a.output?.raw).toEqual({ request: null, response: null });
    expect(a.output?.text).toBe('{"team":"billing"} for c');
    const e = makeErrorAttempt({ caseId: "c" });
    expect(withoutRaw(e)).toBe(e);
  });

  it("refuses other JSON, newer versions, broken shapes and attempts of another run, naming the file", () => {
    expect(() => parseRunFile({ runs: [] }, "x.json")).toThrowError('x.json is not an evalgate run file (no "format": "evalgate-run")');
    expect(() => parseRunFile({ ...file(), version: 2 }, "x.json")).toThrowError(/x\.json is run file version 2; this evalgate \(.+\) reads up to version 1/);
    expect(() => parseRunFile({ ...file(), attempts: [{ caseId: 1 }] }, "x.json")).toThrowError(/x\.json is not a valid run file: attempts\.0\.runId: /);
    const foreign = { ...file(), attempts: [makeAttempt({ caseId: "c", runId: "run_other" })] };
    expect(() => parseRunFile(foreign, "x.json")).toThrowError(`x.json holds an attempt of run run_other, not of its run ${RUN_ID}`);
    try {
      parseRunFile({}, "x.json");
    } catch (e) {
      expect((e as { code: string; exitCode: number }).code).toBe("RUN_FILE_INVALID");
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });
});
