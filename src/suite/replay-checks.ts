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
 * prompt needs every case's `request`; a recorded target is never sent anything, so it has no
 * endpoint; an `agreement` gate reads the `agreement` grader, which must be there.
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
  s.targets.forEach((t, i) => {
    if (t.recorded && t.base_url !== undefined) {
      throw new EvalgateError("SUITE_INVALID", `target \`${t.id}\` is recorded: its attempts are the cases' logged replies, so it has no \`base_url\``, {
        location: s.locate(["targets", i, "base_url"], true),
        hint: "drop base_url, or drop `recorded: true` to send the requests to that endpoint",
      });
    }
  });
  const gated = s.gates.agreement !== undefined || s.compare.some((c) => c.gates?.agreement !== undefined);
  if (gated && !s.graders.some((g) => g.type === "agreement")) {
    const where = s.gates.agreement !== undefined ? ["gates", "agreement"] : ["compare"];
    throw new EvalgateError("SUITE_INVALID", "the agreement gate reads the `agreement` grader, which the suite does not have", {
      location: s.locate(where, true),
      hint: "add `- { type: agreement, weight: 0 }` under `graders:` (weight 0: it decides the gate, not the score)",
    });
  }
}
