import { EvalgateError, formatUsd, isEvalgateError, isImageDataUrl } from "../../core/index.js";
import "../../graders/index.js";
import { renderFor } from "../../providers/index.js";
import { loadSuite, planSuite, type LoadedSuite, type Plan } from "../../suite/index.js";
import { ASSUMED_OUTPUT_TOKENS, estimatePlanCost, type ArmEstimate } from "../../suite/estimate.js";

export interface ValidateFlags {
  targets?: string[];
  filterTag?: string[];
  repeat?: number;
  case?: string;
  simConfig?: string;
  allowPath?: string[];
  json?: boolean;
}

/** What `validate` found for one suite: the plan, its cost, and one case's wire requests. */
export interface SuiteValidation {
  file: string;
  name: string;
  hash: string;
  cases: number;
  arms: { arm: string; api: string; model: string; params: Record<string, unknown>; warnings: string[]; toolLoop?: { maxSteps: number; state: string } }[];
  attempts: number;
  estimate: ArmEstimate[];
  warnings: string[];
  example: { caseId: string; requests: { arm: string; api: string; wire: unknown }[] } | null;
}

/** `evalgate validate SUITE…`: each suite validated and printed; returns 0, or the worst error's exit code (at least 2). */
export async function validateAction(suites: string[], flags: ValidateFlags): Promise<number> {
  const results: SuiteValidation[] = [];
  let exitCode = 0;
  for (const file of suites) {
    try {
      results.push(await validateSuite(file, flags));
    } catch (e) {
      if (!isEvalgateError(e)) throw e;
      process.stderr.write(`${e.format()}\n`);
      exitCode = Math.max(exitCode, e.exitCode, 2);
    }
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else for (const r of results) process.stdout.write(formatValidation(r));
  return exitCode;
}

export async function validateSuite(file: string, flags: ValidateFlags = {}): Promise<SuiteValidation> {
  const suite = await loadSuite(file, { ...(flags.simConfig ? { simConfigFile: flags.simConfig } : {}), ...(flags.allowPath ? { allowPaths: flags.allowPath } : {}) });
  const plan = planSuite(suite, { targets: flags.targets, filterTags: flags.filterTag, repeat: flags.repeat });
  return {
    file,
    name: suite.name,
    hash: suite.hash,
    cases: new Set(plan.attempts.map((a) => a.caseId)).size,
    arms: plan.arms.map((a) => {
      const loop = suite.prompts.find((p) => p.id === a.promptId)?.loop;
      const toolLoop = loop ? { toolLoop: { maxSteps: loop.maxSteps, state: a.target.state ?? "history" } } : {};
      return { arm: a.arm, api: a.target.api, model: a.target.model, params: { ...a.params }, warnings: a.warnings, ...toolLoop };
    }),
    attempts: plan.attempts.length,
    estimate: estimatePlanCost(plan),
    warnings: suite.warnings,
    example: exampleRequests(suite, plan, flags.case),
  };
}

function exampleRequests(suite: LoadedSuite, plan: Plan, caseId: string | undefined): SuiteValidation["example"] {
  const id = caseId ?? plan.attempts[0]?.caseId;
  if (id === undefined) return null;
  const attempts = plan.attempts.filter((a) => a.caseId === id && a.repeat === 0);
  if (attempts.length === 0) {
    throw new EvalgateError("BAD_FLAG", `--case: \`${id}\` is not a planned case of ${suite.name}`, { hint: `e.g. --case ${plan.attempts[0]?.caseId ?? "ID"}` });
  }
  const targetOf = new Map(plan.arms.map((a) => [a.arm, a.target]));
  // The body each arm's provider would send, as that provider renders it (the cache key hashes the same).
  return { caseId: id, requests: attempts.map((a) => ({ arm: a.arm, api: a.request.api, wire: renderFor(targetOf.get(a.arm) ?? { provider: undefined }, a.request).body })) };
}

const usd = formatUsd;

function pad(cells: string[][]): string {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => `  ${row.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()}\n`).join("");
}

/** On screen, an image's data URL is its head and its size (`--json` keeps the whole body). */
function shortImageData(_key: string, value: unknown): unknown {
  if (typeof value !== "string" || !isImageDataUrl(value)) return value;
  const comma = value.indexOf(",");
  const padding = value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0;
  const bytes = ((value.length - comma - 1) * 3) / 4 - padding;
  return `${value.slice(0, comma + 13)}… (${bytes.toLocaleString("en-US")} bytes)`;
}

export function formatValidation(r: SuiteValidation): string {
  let out = `✓ ${r.file}: suite ${r.name} is valid — ${r.arms.length} arms × ${r.cases} cases → ${r.attempts} attempts\n`;
  const rows = [["arm", "api", "model", "attempts", "input tok", "output tok", "est. cost"]];
  for (const e of r.estimate) {
    const arm = r.arms.find((a) => a.arm === e.arm)!;
    rows.push([e.arm, arm.api, arm.model, String(e.attempts), `${e.sampled ? "~" : ""}${e.inputTokens}`, `${e.outputAssumed ? "~" : "≤"}${e.outputTokens}`, usd(e.usd)]);
  }
  out += pad(rows);
  const known = r.estimate.filter((e) => e.usd !== null);
  const total = known.reduce((s, e) => s + (e.usd ?? 0), 0);
  out += `  estimated cost: ${usd(total)}${known.length < r.estimate.length ? " + unknown (arms without a price)" : ""}`;
  out += ` — input counted with o200k_base; output at each target's max_output_tokens (≤, an upper bound) or ~${ASSUMED_OUTPUT_TOKENS} tokens assumed (~)\n`;
  for (const a of r.arms) {
    if (a.toolLoop) out += `  tool loop: ${a.arm}: up to ${a.toolLoop.maxSteps} model calls an attempt, state ${a.toolLoop.state}; the estimate counts the first call of each\n`;
  }
  for (const a of r.arms) for (const w of a.warnings) out += `  warning: ${a.arm}: ${w}\n`;
  // Target warnings are printed per arm above; the judges' only here.
  for (const w of r.warnings) if (w.startsWith("judge ")) out += `  warning: ${w}\n`;
  if (r.example) {
    out += `\n  requests for case ${r.example.caseId}:\n`;
    for (const req of r.example.requests) {
      out += `  ── ${req.arm} (${req.api === "chat" ? "POST /v1/chat/completions" : "POST /v1/responses"})\n`;
      out += `${JSON.stringify(req.wire, shortImageData, 2).replace(/^/gm, "    ")}\n`;
    }
  }
  return `${out}\n`;
}
