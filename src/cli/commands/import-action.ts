import { EvalgateError } from "../../core/errors.js";
import type { ImportReport } from "../../import/index.js";
import { importLoggedTraffic } from "../../usecases/import-traffic.js";

export interface ImportFlags {
  out: string;
  name: string;
  sample?: number;
  stratifyBy?: string;
  allocation?: string;
  seed?: number;
  liveBaseline?: boolean;
  redact?: string[];
  prompt?: string;
  candidateApi?: "chat" | "responses";
  candidateModel?: string;
  agreementMin?: number;
  pairwiseJudge?: string;
  force?: boolean;
  baseUrl?: string;
  apiKeyEnv?: string;
  model?: string;
  metadata?: Record<string, string>;
  limit?: number;
  ids?: string;
}

/** `evalgate import SOURCE`: the import use case, then its report (counts, never values). */
export async function importAction(source: string, flags: ImportFlags): Promise<void> {
  if (flags.allocation !== undefined && flags.allocation !== "proportional" && flags.allocation !== "equal") {
    throw new EvalgateError("BAD_FLAG", `--allocation must be proportional or equal, got '${flags.allocation}'`);
  }
  if (flags.seed !== undefined && !Number.isInteger(flags.seed)) throw new EvalgateError("BAD_FLAG", "--seed must be an integer", { hint: "e.g. --seed 7" });
  if (flags.agreementMin !== undefined && flags.agreementMin > 1) throw new EvalgateError("BAD_FLAG", `--agreement-min is a share from 0 to 1, got ${flags.agreementMin}`);
  const report = await importLoggedTraffic(source, {
    outDir: flags.out,
    name: flags.name,
    ...(flags.sample !== undefined ? { sample: flags.sample } : {}),
    ...(flags.stratifyBy !== undefined ? { stratifyBy: flags.stratifyBy } : {}),
    ...(flags.allocation !== undefined ? { allocation: flags.allocation as "proportional" | "equal" } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    liveBaseline: flags.liveBaseline === true,
    redact: flags.redact ?? [],
    ...(flags.prompt ? { promptFile: flags.prompt } : {}),
    ...(flags.candidateApi ? { candidateApi: flags.candidateApi } : {}),
    ...(flags.candidateModel ? { candidateModel: flags.candidateModel } : {}),
    ...(flags.agreementMin !== undefined ? { agreementMin: flags.agreementMin } : {}),
    ...(flags.pairwiseJudge ? { pairwiseJudge: flags.pairwiseJudge } : {}),
    force: flags.force === true,
    ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
    ...(flags.apiKeyEnv ? { apiKeyEnv: flags.apiKeyEnv } : {}),
    ...(flags.model ? { model: flags.model } : {}),
    ...(flags.metadata ? { metadata: flags.metadata } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    ...(flags.ids !== undefined ? { idsFile: flags.ids } : {}),
  });
  process.stdout.write(formatImportReport(report));
}

const n = (x: number) => x.toLocaleString("en-US");

export function formatImportReport(r: ImportReport): string {
  const lines = [
    `imported ${r.source}: ${n(r.exchanges)} logged exchanges, ${n(r.unique)} distinct requests → ${n(r.cases)} cases`,
    `  suite   ${r.suiteFile}`,
    `  dataset ${r.datasetFile}`,
  ];
  if (r.withoutReply) lines.push(`  left out: ${n(r.withoutReply)} exchanges without a logged reply (--live-baseline keeps them)`);
  for (const [why, count] of Object.entries(r.unmappable).sort((a, b) => b[1] - a[1])) lines.push(`  left out: ${n(count)} exchanges: ${why}`);
  if (r.strata.length > 1 || r.strata[0]?.stratum !== "all") {
    lines.push("  strata (distinct requests / traffic / sampled):");
    for (const s of r.strata) lines.push(`    ${s.stratum}: ${n(s.unique)} / ${n(s.traffic)} / ${n(s.taken)}`);
  }
  for (const [note, count] of Object.entries(r.notes).sort((a, b) => b[1] - a[1])) lines.push(`  note (${n(count)} cases): ${note}`);
  const masked = Object.entries(r.redactions).filter(([, c]) => c > 0);
  lines.push(`  redacted: ${masked.length ? masked.map(([kind, c]) => `${n(c)} ${kind === "pattern" ? "--redact matches" : kind}`).join(", ") : "nothing"}`);
  return `${lines.join("\n")}\n`;
}
