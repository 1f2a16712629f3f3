import { contentText, type AnswerIndex, type AnswerIndexEntry, type SimAnswer } from "../core/index.js";
import { renderPrompt } from "./plan.js";
import { caseLabel, renderValue } from "./template.js";
import type { LoadedSuite } from "./types.js";

/**
 * What the simulator knows of a suite (docs/design/architecture.md §7): per case, the texts that identify
 * its requests (each prompt's rendered last user message) and `sim.answer` rendered with
 * the case's vars (a lone template keeps its type). No `sim.answer`: no entries.
 */
export function buildAnswerIndex(suite: LoadedSuite): AnswerIndex {
  const template = suite.sim.answer;
  if (template === undefined || template === null) return { entries: [] };
  const entries: AnswerIndexEntry[] = suite.cases.map((c) => {
    const keys = new Set<string>();
    for (const prompt of suite.prompts) {
      const { messages } = renderPrompt(prompt, c, suite.images);
      for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i]!;
        if (m.role === "user") {
          keys.add(contentText(m.content));
          break;
        }
      }
    }
    const answer = renderValue(template, c.vars, { caseLabel: () => caseLabel(c.id, c.location) }) as SimAnswer;
    return { caseId: c.id, keys: [...keys], answer };
  });
  return { entries };
}
