/** Word-level and JSON diffs for the compare page; pure functions over strings and values. */

export interface DiffPart {
  kind: "same" | "removed" | "added";
  text: string;
}

/**
 * Words, runs of whitespace and single punctuation marks, so `{"team":"billing"}` diffs
 * on `billing`, not as one blob; joining the tokens gives the text back.
 */
export function tokenize(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

/** Past this many token pairs the LCS table costs too much memory: fall back to a whole-text replace. */
const MAX_CELLS = 4_000_000;

/** Longest-common-subsequence diff over words; adjacent parts of one kind are merged. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = tokenize(before);
  const b = tokenize(after);
  if (a.length * b.length > MAX_CELLS) return merge([{ kind: "removed", text: before }, { kind: "added", text: after }]);
  const cols = b.length + 1;
  const lcs = new Uint32Array((a.length + 1) * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] = a[i] === b[j] ? (lcs[(i + 1) * cols + j + 1] ?? 0) + 1 : Math.max(lcs[(i + 1) * cols + j] ?? 0, lcs[i * cols + j + 1] ?? 0);
    }
  }
  const parts: DiffPart[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      parts.push({ kind: "same", text: a[i++] as string });
      j++;
    } else if ((lcs[(i + 1) * cols + j] ?? 0) >= (lcs[i * cols + j + 1] ?? 0)) parts.push({ kind: "removed", text: a[i++] as string });
    else parts.push({ kind: "added", text: b[j++] as string });
  }
  while (i < a.length) parts.push({ kind: "removed", text: a[i++] as string });
  while (j < b.length) parts.push({ kind: "added", text: b[j++] as string });
  return merge(parts);
}

function merge(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of parts) {
    if (p.text === "") continue;
    const last = out[out.length - 1];
    if (last && last.kind === p.kind) last.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

export interface JsonChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Leaf-level differences between two JSON values, by path (`$.team`, `$.items[2].sku`). */
export function jsonDiff(before: unknown, after: unknown, path = "$"): JsonChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      if (!(k in after)) return [{ path: p, kind: "removed" as const, before: before[k] }];
      if (!(k in before)) return [{ path: p, kind: "added" as const, after: after[k] }];
      return jsonDiff(before[k], after[k], p);
    });
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => {
      const p = `${path}[${i}]`;
      if (i >= after.length) return [{ path: p, kind: "removed" as const, before: before[i] }];
      if (i >= before.length) return [{ path: p, kind: "added" as const, after: after[i] }];
      return jsonDiff(before[i], after[i], p);
    }).flat();
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, kind: "changed", before, after }];
}
