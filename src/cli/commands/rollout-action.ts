import { join } from "node:path";
import { EvalgateError } from "../../core/errors.js";
import { renderCheck, renderRollout, ROLLOUT_RENDER_FORMATS, type RolloutRenderFormat } from "../../rollout/index.js";
import { buildRollout } from "../../usecases/rollout.js";
import { checkRolloutStage } from "../../usecases/rollout-check.js";
import { checkOutputPaths, writeFileAtomic } from "../write-file.js";

export interface RolloutFlags {
  format: string;
  out?: string;
  comparison?: string;
  stages?: number[];
  trafficPerHour?: number;
  db?: string;
}

export interface RolloutCheckFlags {
  stage: number;
  treatment: string;
  control: string;
  comparison?: string;
  latencyThresholdMs?: number;
  json?: boolean;
}

/** `evalgate rollout RUNREF`: the artifact, rendered; it reports and does not gate (exit 0 once written). */
export async function rolloutAction(ref: string, flags: RolloutFlags): Promise<void> {
  const format = rolloutFormat(flags.format, "--format");
  checkOutputPaths(flags);
  const artifact = await buildRollout(ref, {
    ...(flags.db !== undefined ? { db: flags.db } : {}),
    ...(flags.comparison !== undefined ? { comparisonId: flags.comparison } : {}),
    ...(flags.stages ? { stages: flags.stages } : {}),
    trafficPerHour: flags.trafficPerHour ?? null,
  });
  writeRollout(renderRollout(artifact, format), flags.out ?? (format === "html" ? join("reports", `${artifact.run.id}.rollout.html`) : undefined));
}

export function writeRollout(text: string, out: string | undefined): void {
  if (out) {
    writeFileAtomic(out, text);
    process.stderr.write(`wrote ${out}\n`);
  } else process.stdout.write(text);
}

/** md | markdown | html | json; anything else names the flag and the known formats. */
export function rolloutFormat(value: string, flag: string): RolloutRenderFormat {
  const v = value.trim().toLowerCase();
  const format = v === "markdown" ? "md" : v;
  if ((ROLLOUT_RENDER_FORMATS as readonly string[]).includes(format)) return format as RolloutRenderFormat;
  throw new EvalgateError("BAD_FLAG", `${flag} must be one of ${ROLLOUT_RENDER_FORMATS.join(", ")}, got '${value}'`, { hint: "json is the versioned artifact `evalgate rollout check` reads" });
}

/** `evalgate rollout check ARTIFACT`: the stage's decision; exit 0 continue, 4 hold, 1 roll back. */
export async function rolloutCheckAction(artifact: string, flags: RolloutCheckFlags): Promise<number> {
  const report = await checkRolloutStage({
    artifact,
    stage: flags.stage,
    treatment: flags.treatment,
    control: flags.control,
    ...(flags.comparison !== undefined ? { comparisonId: flags.comparison } : {}),
    ...(flags.latencyThresholdMs !== undefined ? { latencyThresholdMs: flags.latencyThresholdMs } : {}),
  });
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderCheck(report));
  return report.exitCode;
}
