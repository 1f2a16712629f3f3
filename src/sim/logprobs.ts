import { decodeToken, encodeText } from "./tokens.js";

/** One token's log probability with its alternatives, in Chat's shape [S: ChatCompletionTokenLogprob] (Responses' LogProb is the same). */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

const VOCAB = 199_998;

/** A token's log probability: a fixed function of its id and place, in (−0.5, 0], so text reads as likely. */
function logprobOf(id: number, position: number): number {
  const h = (Math.imul(id ^ (position * 0x9e3779b1), 0x85ebca6b) >>> 0) % 1000;
  return -Math.round(h / 2) / 1000;
}

function entry(id: number, logprob: number): { token: string; logprob: number; bytes: number[] } {
  const token = decodeToken(id);
  return { token, logprob, bytes: [...Buffer.from(token, "utf8")] };
}

/**
 * The logprobs of a text's tokens (o200k_base), each with `top` alternatives: the chosen
 * token first, then neighbours of its id at lower probabilities. Deterministic, and only
 * computed when a request asks for logprobs.
 */
export function tokenLogprobs(text: string, top: number): TokenLogprob[] {
  return encodeText(text).map((id, position) => {
    const lp = logprobOf(id, position);
    const chosen = entry(id, lp);
    const alternatives = Array.from({ length: Math.max(0, top - 1) }, (_, k) => entry((id + k + 1) % VOCAB, Math.round((lp - 1.5 - k) * 1000) / 1000));
    return { ...chosen, top_logprobs: top > 0 ? [chosen, ...alternatives] : [] };
  });
}

/** Responses' stream delta logprobs [S: ResponseLogProb]: no bytes. */
export function deltaLogprobs(text: string, top: number): Array<{ token: string; logprob: number; top_logprobs: Array<{ token: string; logprob: number }> }> {
  return tokenLogprobs(text, top).map((t) => ({ token: t.token, logprob: t.logprob, top_logprobs: t.top_logprobs.map(({ token, logprob }) => ({ token, logprob })) }));
}
