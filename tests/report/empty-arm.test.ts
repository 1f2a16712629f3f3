/** An arm with no attempts (every attempt filtered out, or a run stopped first) has no rates. */
import { describe, expect, it } from "vitest";
import { summarizeArm } from "../../src/stats/index.js";
import { createReporter } from "../../src/report/index.js";
import { formatPercent, formatScore } from "../../src/report/format.js";
import { fixtureInput, fixtureRun } from "./fixtures.js";

function inputWithEmptyArm() {
  const run = fixtureRun();
  const empty = summarizeArm(run.arms[1]!.arm, []);
  expect(empty.passRate).toBeNull(); // no attempts: no pass rate (never NaN)
  return { ...fixtureInput([]), runs: [{ ...run, arms: [run.arms[0]!, empty] }] };
}

describe("an arm with no attempts", () => {
  it.each(["markdown", "html"] as const)("reads — in the %s report, never NaN", (format) => {
    const out = createReporter(format, {}).render(inputWithEmptyArm());
    expect(out).not.toMatch(/NaN/);
    // The empty arm's attempts, pass rate and score cells: 0, —, — (markdown pipes or HTML cells).
    expect(out).toMatch(format === "markdown" ? /\| 0 \| — \| — \|/ : /<td class="num">0<\/td><td class="num">—<\/td><td class="num">—<\/td>/);
  });

  it("formats a missing figure as —", () => {
    expect(formatPercent(Number.NaN)).toBe("—");
    expect(formatScore(Number.NaN)).toBe("—");
    expect(formatPercent(0.5)).toBe("50.0%");
  });
});
