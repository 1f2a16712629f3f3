import type { AnswerIndex, AnswerIndexEntry } from "../core/sim-answers.js";

/**
 * Finds the case a request belongs to from its user texts (docs/design/architecture.md §7): an exact match
 * on a case key first (a Map lookup), then the longest key the text contains.
 * The most recent user turn is tried before earlier ones.
 */
export class AnswerPlacer {
  private readonly exact = new Map<string, AnswerIndexEntry>();
  /** Keys by decreasing length, so containment finds the most specific key first. */
  private readonly byLength: Array<{ key: string; entry: AnswerIndexEntry }> = [];
  readonly entries: AnswerIndexEntry[];

  constructor(index: AnswerIndex | undefined) {
    this.entries = index?.entries ?? [];
    for (const entry of this.entries) {
      for (const key of entry.keys) {
        const k = key.trim();
        if (k.length === 0) continue;
        if (!this.exact.has(k)) this.exact.set(k, entry);
        this.byLength.push({ key: k, entry });
      }
    }
    this.byLength.sort((a, b) => b.key.length - a.key.length);
  }

  /** `userTexts`: most recent first. */
  place(userTexts: string[]): AnswerIndexEntry | null {
    if (this.entries.length === 0) return null;
    for (const text of userTexts) {
      const hit = this.exact.get(text.trim());
      if (hit) return hit;
    }
    for (const text of userTexts) {
      for (const { key, entry } of this.byLength) {
        if (key.length <= text.length && text.includes(key)) return entry;
      }
    }
    return null;
  }
}
