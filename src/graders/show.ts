import { formatUsd } from "../core/index.js";
/** How values appear in reasons: short, unambiguous, one line. */
const MAX = 80;

/** `billing` for a plain word, `"two words"` for other strings, JSON for the rest. */
export function show(value: unknown, max = MAX): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string" && isPlainWord(value)) return truncate(value, max);
  return truncate(safeJson(value), max);
}

/** A string shown bare cannot be mistaken for a number, boolean or null. */
function isPlainWord(s: string): boolean {
  return /^[\w.@:/+-]+$/.test(s) && !/^(?:true|false|null|[+-]?\d[\d.e+-]*)$/i.test(s);
}

/** `'refund'`: a needle or excerpt quoted as typed. */
export function quoted(text: string, max = MAX): string {
  return `'${truncate(text.replace(/\s+/g, " "), max)}'`;
}

export function truncate(text: string, max = MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** "$0.000412": core's one money format. */
export const usd = (amount: number): string => formatUsd(amount);
