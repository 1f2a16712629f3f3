import type { Command } from "commander";

/**
 * What each command's `--help` shows after its options: examples, the RUNREF forms (for
 * commands that take one) and its exit codes, so a user can help themself without the docs.
 */
const RUNREF = `RUNREF forms:
  01J…            a run id, or an unambiguous prefix of one (4+ characters)
  latest          the latest run (with --suite: the latest of that suite)
  tag:NAME        the latest run labelled with --tag NAME
  path/run.json   a run file written by \`evalgate export RUNREF --out run.json\``;

const EXIT = {
  ok: "  0  success",
  verdict: "  0  PASS · 1  FAIL · 4  INCONCLUSIVE (or a budget-stopped run)",
  input: "  2  bad input: a suite, flag, path or RUNREF is wrong (file:line:col, no stack trace)",
  runtime: "  3  runtime failure: every attempt errored, the endpoint or database is unusable",
  interrupted: "  130  interrupted by Ctrl-C or SIGTERM (the run is marked interrupted: `evalgate resume RUNREF`)",
};

interface CommandHelp {
  examples: string[];
  runref?: boolean;
  exits: string[];
}

const HELP: Record<string, CommandHelp> = {
  run: {
    examples: ["evalgate run evals/demo.yaml --sim", "evalgate run evals/demo.yaml --baseline tag:prod --json reports/run.json", "evalgate run evals/demo.yaml --allow-path ../team-data"],
    runref: true,
    exits: [EXIT.verdict, EXIT.input, EXIT.runtime, EXIT.interrupted],
  },
  resume: {
    examples: ["evalgate resume latest", "evalgate resume latest --suite triage", "evalgate resume 01JD3K --max-cost 5"],
    runref: true,
    exits: [EXIT.verdict, EXIT.input, EXIT.runtime, EXIT.interrupted],
  },
  validate: { examples: ["evalgate validate evals/*.yaml", "evalgate validate evals/demo.yaml --case refund-late --json"], exits: [EXIT.ok, EXIT.input] },
  compare: { examples: ["evalgate compare tag:prod latest", "evalgate compare base.json cand.json --markdown reports/verdict.md"], runref: true, exits: [EXIT.verdict, EXIT.input, EXIT.runtime] },
  report: { examples: ["evalgate report latest --format html", "evalgate report run.json --format csv --out reports/run.csv"], runref: true, exits: [EXIT.ok, EXIT.input, EXIT.runtime] },
  export: { examples: ["evalgate export latest --out run.json", "evalgate export tag:prod --raw --out prod.json"], runref: true, exits: [EXIT.ok, EXIT.input, EXIT.runtime] },
  runs: { examples: ["evalgate runs", "evalgate runs --suite triage --tag nightly --json"], exits: [EXIT.ok, EXIT.input, EXIT.runtime] },
  view: { examples: ["evalgate view", "evalgate view --port 0 --db .evalgate/evalgate.db"], exits: [EXIT.ok, EXIT.input, EXIT.runtime] },
  sim: { examples: ["evalgate sim --port 8787"], exits: [EXIT.ok, EXIT.input, EXIT.runtime] },
  init: { examples: ["evalgate init", "evalgate init my-evals"], exits: [EXIT.ok, EXIT.input] },
};

export function helpText(name: string): string | undefined {
  const help = HELP[name];
  if (!help) return undefined;
  const parts = [`Examples:\n${help.examples.map((e) => `  $ ${e}`).join("\n")}`];
  if (help.runref) parts.push(RUNREF);
  parts.push(`Exit codes:\n${help.exits.join("\n")}`);
  return `\n${parts.join("\n\n")}\n`;
}

/** Adds the examples, RUNREF forms and exit codes to every registered command's help. */
export function addCommandHelp(program: Command): void {
  for (const command of program.commands) {
    const text = helpText(command.name());
    if (text) command.addHelpText("after", text);
  }
}
