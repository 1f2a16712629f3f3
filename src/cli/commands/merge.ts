import type { Command } from "commander";
import { verdictExitCode } from "../../report/index.js";
import { mergeShards } from "../../usecases/index.js";
import { checkReporters, collectReporter, REPORTER_HELP, reporterSpecs, writeReports, type ReporterSpec } from "../reporters.js";
import type { RegisterCommand } from "./register.js";

interface MergeFlags {
  into: string;
  json?: string;
  junit?: string;
  markdown?: string;
  reporter?: ReporterSpec[];
}

/**
 * `evalgate merge A.db B.db … --into DB`: the library's mergeShards. Prints what came in;
 * once every shard is, the run's verdict (exit 0/1/4); a run still missing a shard is
 * partial (exit 4, the missing shards named); mismatched shards exit 2.
 */
export const registerMerge: RegisterCommand = (program: Command, setExitCode) => {
  program
    .command("merge")
    .description("fold the stores of a run's shards (run --shard i/n) into one run, then its verdict (exit 0 PASS, 1 FAIL, 4 INCONCLUSIVE or partial)")
    .argument("<shards...>", "shard stores: SQLite files (or postgres:// URLs) that `run --shard` wrote")
    .requiredOption("--into <location>", "the store to merge into: a SQLite file or a postgres:// URL")
    .option("--reporter <name[=file]>", REPORTER_HELP, collectReporter)
    .option("--json <file>", "= --reporter json=FILE")
    .option("--junit <file>", "= --reporter junit=FILE")
    .option("--markdown <file>", "= --reporter markdown=FILE (also appended to $GITHUB_STEP_SUMMARY when set)")
    .action(async (shards: string[], flags: MergeFlags) => {
      const specs = reporterSpecs(flags);
      await checkReporters(specs);
      const result = await mergeShards(shards, flags.into);
      for (const r of result.runs) {
        const state = r.missing.length ? `partial: shard${r.missing.length === 1 ? "" : "s"} ${r.missing.join(", ")} of ${r.count} missing` : `all ${r.count} shards in`;
        process.stdout.write(`merged run ${r.run.id} into ${result.into}: ${state}\n`);
      }
      process.stdout.write(`${result.copied} attempts copied\n`);
      const partial = result.runs.some((r) => r.missing.length > 0);
      if (result.report.comparisons.length) {
        process.stdout.write("\n");
        await writeReports(result.report, specs, { console: true });
      }
      const verdict = verdictExitCode(result.report.comparisons);
      setExitCode(partial && verdict === 0 ? 4 : verdict);
    });
};
