/** `evalgate run` with a model-graded grader: the suite's judge runs on the simulator. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { summarizeJudgeCosts } from "../../src/graders/index.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";

it("grades with the suite's judge, records its cost apart from the arm's and shows it in the summary", async () => {
  const db = join(mkdtempSync(join(tmpdir(), "evalgate-judges-")), "e.db");
  const r = await runCli(["run", join(repoRoot, "tests/judges/fixtures/judged-howto.yaml"), "--db", db]);
  expect(r.code).toBe(0);
  const store = await openStore(db, { readonly: true });
  const run = await store.resolveRunRef("latest");
  const { attempts } = await store.listAttempts(run.id, { limit: 1000, offset: 0 });
  await store.close();
  expect(attempts).toHaveLength(60); // 20 cases × 3 repeats
  const rubric = attempts.map((a) => a.scores.find((s) => s.type === "rubric")!);
  expect(rubric.every((s) => s.judgeCost !== undefined && s.judgeCost.inputTokens > 0)).toBe(true);
  const totals = summarizeJudgeCosts(attempts.flatMap((a) => a.scores));
  expect(totals).toMatchObject({ calls: 60, errors: 0, unpriced: 0 });
  const armCost = attempts.reduce((sum, a) => sum + (a.cost.usd ?? 0), 0);
  expect(totals.usd).toBeGreaterThan(armCost); // the judge reads prompt, input and output
  const shown = /\$([0-9.]+) \(60 calls\)/.exec(r.stdout);
  expect(shown).not.toBeNull();
  expect(Number(shown![1])).toBeCloseTo(totals.usd, 4);
});
