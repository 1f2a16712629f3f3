import { stableStringify, type Output, type Score } from "../core/index.js";

/**
 * How a shadow pair is graded (docs/shadow.md "How a pair is scored"): logged traffic has no
 * expected answer, so the production reply is the reference and the candidate is scored by
 * whether it says the same — the same tool calls, else the same JSON, else the same text
 * (whitespace aside). The production arm scores 1 by definition, so the quality gate's delta
 * is the candidate's disagreement rate and its margin the disagreement the team accepts.
 * The import branch's `agreement` gate for recorded arms (issue 18) is the fuller form.
 */
export const AGREEMENT_GRADER = "agreement";

export function referenceScore(): Score {
  return { grader: AGREEMENT_GRADER, type: AGREEMENT_GRADER, value: 1, pass: true, reason: "the production reply is the reference", weight: 1 };
}

export function agreementScore(candidate: Output, production: Output): Score {
  const disagreement = whyDifferent(candidate, production);
  return {
    grader: AGREEMENT_GRADER,
    type: AGREEMENT_GRADER,
    value: disagreement === null ? 1 : 0,
    pass: disagreement === null,
    reason: disagreement ?? `agrees with production (${kindOf(production)})`,
    weight: 1,
  };
}

function kindOf(o: Output): string {
  if (o.refusal !== null) return "a refusal";
  if (o.toolCalls.length > 0) return `${o.toolCalls.length} tool call${o.toolCalls.length === 1 ? "" : "s"}`;
  return o.json !== undefined ? "the same JSON" : "the same text";
}

function whyDifferent(c: Output, p: Output): string | null {
  if (p.refusal !== null || c.refusal !== null) {
    if (p.refusal !== null && c.refusal !== null) return null;
    return p.refusal !== null ? "production refused, the candidate answered" : "the candidate refused, production answered";
  }
  if (p.toolCalls.length > 0 || c.toolCalls.length > 0) {
    const calls = (o: Output) => o.toolCalls.map((t) => `${t.name}(${t.arguments === null ? t.rawArguments : stableStringify(t.arguments)})`).join(", ");
    const [pc, cc] = [calls(p), calls(c)];
    return pc === cc ? null : `expected tool calls ${pc || "(none)"}, got ${cc || "(none)"}`;
  }
  if (p.json !== undefined) {
    if (c.json === undefined) return `expected JSON ${clip(stableStringify(p.json))}, got text ${clip(c.text)}`;
    const [pj, cj] = [stableStringify(p.json), stableStringify(c.json)];
    return pj === cj ? null : `expected ${clip(pj)}, got ${clip(cj)}`;
  }
  const norm = (s: string) => s.trim().replace(/\s+/g, " ");
  return norm(p.text) === norm(c.text) ? null : `expected text ${clip(p.text)}, got ${clip(c.text)}`;
}

const clip = (s: string) => JSON.stringify(s.length > 120 ? `${s.slice(0, 117)}...` : s);
