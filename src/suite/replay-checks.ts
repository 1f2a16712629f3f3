import { EvalgateError, type CompareSpec, type GatesSpec, type SourceLocation } from "../core/index.js";
import { locateInCase, type RawCase } from "./dataset.js";
import type { Path } from "./source.js";
import type { SuitePrompt, SuiteTarget } from "./types.js";


interface ReplaySuite {
  prompts: readonly SuitePrompt[];
  targets: readonly SuiteTarget[];
  cases: readonly RawCase[];
  graders: readonly Record<string, unknown>[];
  gates: GatesSpec;
  compare: readonly CompareSpec[];
  locate: (p: Path, key?: boolean) => SourceLocation;
}

/**
 * The replay keys hold together (docs/suite-format.md "Replaying traffic"): a `from_case`
 * prompt needs every case's `request`; an `agreement` gate reads the `agreement` grader, and a
 * `pairwise` gate the `pairwise` grader (of its `judge`, when it names one), which must be there.
 */
export function checkReplay(s: ReplaySuite): void {
  const fromCase = s.prompts.find((p) => p.fromCase);
  if (fromCase) {
    const bare = s.cases.find((c) => c.request === undefined);
    if (bare) {
      throw new EvalgateError("DATASET_INVALID", `case ${bare.id} has no \`request\`, which prompt \`${fromCase.id}\` (from_case: request) needs`, {
        location: locateInCase(bare, []),
        hint: "import the traffic with `evalgate import`, or give the case a `request: {messages: […]}`",
      });
    }
  }
  const gated = s.gates.agreement !== undefined || s.compare.some((c) => c.gates?.agreement !== undefined);
  if (gated && !s.graders.some((g) => g.type === "agreement")) {
    const where = s.gates.agreement !== undefined ? ["gates", "agreement"] : ["compare"];
    throw new EvalgateError("SUITE_INVALID", "the agreement gate reads the `agreement` grader, which the suite does not have", {
      location: s.locate(where, true),
      hint: "add `- { type: agreement, weight: 0 }` under `graders:` (weight 0: it decides the gate, not the score)",
    });
  }
  checkPairwise(s);
}

function checkPairwise(s: ReplaySuite): void {
  const gates = [{ gates: s.gates, where: ["gates", "pairwise"] }, ...s.compare.map((c, i) => ({ gates: c.gates ?? {}, where: ["compare", i, "gates", "pairwise"] }))];
  const graders = s.graders.filter((g) => g.type === "pairwise");
  for (const { gates: g, where } of gates) {
    if (!g.pairwise) continue;
    const judge = g.pairwise.judge;
    if (graders.length === 0 || (judge !== undefined && !graders.some((x) => x.judge === judge))) {
      throw new EvalgateError("SUITE_INVALID", `the pairwise gate reads the \`pairwise\` grader${judge ? ` of judge \`${judge}\`` : ""}, which the suite does not have`, {
        location: s.locate(where, true),
        hint: `add \`- { type: pairwise, judge: ${judge ?? "JUDGE"}, weight: 0 }\` under \`graders:\` (and the judge under \`judges:\`)`,
      });
    }
  }
}
