import { verdictExitCode } from "../../report/index.js";
import { mergeShards } from "../../usecases/merge.js";
import { reporterSpecs, type ReporterSpec } from "../reporter-flags.js";
import { checkReporters, writeReports } from "../reporters.js";

export interface MergeFlags {
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
export async function mergeAction(shards: string[], flags: MergeFlags): Promise<number> {
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
  return partial && verdict === 0 ? 4 : verdict;
}
