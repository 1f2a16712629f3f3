import type { LoadedSuite } from "../suite/index.js";

/**
 * What a run stores of its suite (once per suite hash): the resolved specs, not closures
 * (STYLE.md habit 4), so a run can be re-graded, compared with its own gates, and re-run.
 * Cases are stored apart, per run.
 */
export interface SuiteSnapshot {
  name: string;
  description: string;
  file: string;
  text: string;
  prompts: LoadedSuite["prompts"];
  targets: LoadedSuite["targets"];
  judges: LoadedSuite["judges"];
  graders: LoadedSuite["graders"];
  repeat: number;
  compare: LoadedSuite["compare"];
  gates: LoadedSuite["gates"];
  budget: LoadedSuite["budget"];
}

export function snapshotSuite(suite: LoadedSuite): SuiteSnapshot {
  return {
    name: suite.name,
    description: suite.description,
    file: suite.file,
    text: suite.source,
    prompts: suite.prompts,
    targets: suite.targets,
    judges: suite.judges,
    graders: suite.graders,
    repeat: suite.repeat,
    compare: suite.compare,
    gates: suite.gates,
    budget: suite.budget,
  };
}
