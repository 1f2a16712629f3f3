import { EvalgateError } from "../../core/index.js";
import { isLoopbackHost } from "../../server/index.js";
import { startShadow, STATUS_PATH, type ShadowStatus } from "../../shadow/index.js";
import { untilSignal } from "../flags.js";

export interface ShadowFlags {
  candidate: string;
  upstream: string;
  share: number;
  seed: number;
  model: string[];
  path: string[];
  metadata: Array<{ key: string; value: string }>;
  mirrorStateful: boolean;
  queue: number;
  concurrency?: number;
  budgetPerDay?: number;
  port: number;
  host: string;
  token?: string;
  db?: string;
  log?: string;
  tag: string[];
  captureLimit: number;
  bodyLimit: number;
  drain: number;
}

/** `suite.yaml#target` → its two parts. */
export function parseCandidateRef(ref: string): { suiteFile: string; targetId: string } {
  const hash = ref.lastIndexOf("#");
  if (hash <= 0 || hash === ref.length - 1) {
    throw new EvalgateError("BAD_FLAG", `--candidate takes SUITE#TARGET, got '${ref}'`, { hint: "e.g. --candidate evals/triage.yaml#resp-5-mini" });
  }
  return { suiteFile: ref.slice(0, hash), targetId: ref.slice(hash + 1) };
}

function checkUpstream(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EvalgateError("BAD_FLAG", `--upstream must be an http(s) URL, got '${value}'`, { hint: "e.g. --upstream https://api.openai.com/v1" });
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password || url.search) {
    throw new EvalgateError("BAD_FLAG", `--upstream must be an http(s) base URL without credentials or a query, got '${value}'`, { hint: "the caller's own Authorization header is forwarded; no key belongs in the URL" });
  }
  return value;
}

/** `evalgate shadow`: serves the proxy until Ctrl-C or SIGTERM, then drains and finishes the shadow run. */
export async function shadowAction(flags: ShadowFlags): Promise<void> {
  const { suiteFile, targetId } = parseCandidateRef(flags.candidate);
  const token = (flags.token ?? process.env.EVALGATE_TOKEN)?.trim() || undefined;
  if (!isLoopbackHost(flags.host) && token === undefined) {
    throw new EvalgateError("BAD_FLAG", `--host ${flags.host} is reachable from other machines, and the proxy's status route would be open without a token`, {
      hint: "pass --token SECRET (or set EVALGATE_TOKEN), or keep the default --host 127.0.0.1",
    });
  }
  const shadow = await startShadow({
    suiteFile,
    targetId,
    upstream: checkUpstream(flags.upstream),
    port: flags.port,
    host: flags.host,
    ...(token ? { token } : {}),
    share: flags.share,
    seed: flags.seed,
    models: flags.model,
    paths: flags.path,
    metadata: flags.metadata,
    mirrorStateful: flags.mirrorStateful,
    queue: flags.queue,
    ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
    ...(flags.budgetPerDay !== undefined ? { budgetPerDay: flags.budgetPerDay } : {}),
    ...(flags.db ? { db: flags.db } : {}),
    ...(flags.log ? { log: flags.log } : {}),
    tags: flags.tag,
    captureLimitBytes: flags.captureLimit,
    bodyLimitBytes: flags.bodyLimit,
    drainMs: flags.drain,
    env: process.env,
  });
  process.stdout.write(`evalgate shadow proxy on ${shadow.url} → ${flags.upstream}\n`);
  process.stdout.write(`  point the application at base_url=${shadow.baseUrl}; mirroring ${flags.share} to ${flags.candidate}\n`);
  process.stdout.write(`  shadow run ${shadow.runId} in ${shadow.database}; status at ${shadow.url}${STATUS_PATH}. Ctrl-C stops it.\n`);
  await untilSignal();
  process.stdout.write("stopping: draining requests in flight…\n");
  // A second signal exits at once: every stored pair is already committed.
  const again = () => process.exit(130);
  process.once("SIGINT", again);
  process.once("SIGTERM", again);
  const { status, comparisons } = await shadow.stop();
  process.stdout.write(summary(status));
  for (const c of comparisons) process.stdout.write(`verdict ${c.baselineArm} → ${c.candidateArm}: ${c.verdict.status}\n`);
  process.stdout.write(`evalgate report ${status.run} --format md   (the shadow run)\n`);
}

function summary(s: ShadowStatus): string {
  const m = s.mirror;
  const skipped = Object.entries(m.skipped).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
  return [
    `proxied ${s.proxy.requests} requests (${s.proxy.upstreamUnreachable} upstream unreachable)`,
    `mirrored ${m.selected}: stored ${m.stored} pairs, candidate errors ${m.candidateErrors}, store errors ${m.storeErrors}`,
    `dropped: queue full ${m.dropped.queueFull}, budget ${m.dropped.budget}, at shutdown ${m.dropped.shutdown}; not mirrored: ${skipped}`,
    ...(s.budget ? [`budget ${s.budget.day}: spent $${s.budget.spentUsd.toFixed(4)} of $${s.budget.limitUsd}`] : []),
    "",
  ].join("\n");
}
