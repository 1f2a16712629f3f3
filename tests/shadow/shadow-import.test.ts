/**
 * The last end-to-end check (docs/shadow.md "Replaying a shadow log"): a shadow run's
 * `--log` is read by `evalgate import`, and `evalgate run` of the imported suite against the
 * same candidate simulator reaches the shadow run's verdict — the same gates, the same
 * agreement figure and interval. The candidate simulator answers a case as a pure function
 * of (seed, model, the case its user text places it on, the attempt's repeat): the mirror and
 * the offline run both send repeat 0, so the candidate says the same to each request, which
 * is checked too. Each request is distinct (import de-duplicates, a shadow run does not).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Comparison } from "../../src/core/index.js";
import type { RunningSimulator } from "../../src/sim/index.js";
import { startShadow } from "../../src/shadow/index.js";
import { collect, openStore, type StoredCase } from "../../src/store/index.js";
import { runCli } from "../helpers/cli.js";
import { appRequest, scratchDir, send, startSuiteSim, waitFor, writeShadowSuite } from "./harness.js";

const N = 24;
const CANDIDATE_KEY = "sk-cand-MARKERcand0key00000000003";
// As `evalgate import --agreement-min 0.6` scaffolds them (the loader asks an agreement gate for its grader).
const GATES = "graders: [{ type: agreement, weight: 0 }]\ngates: { agreement: { min: 0.6 }, errors: { max_rate: 0.01 } }";

const sims: RunningSimulator[] = [];
afterAll(async () => {
  for (const s of sims) await s.close();
});

/** Request i of the harness, its user turn made unique (the simulator still places it on its ticket's case). */
function distinctRequest(i: number): { path: string; body: Record<string, unknown> } {
  const { path, body } = appRequest(i);
  if (path === "/responses") return { path, body: { ...body, input: `${String(body.input)} (request ${i})` } };
  const messages = body.messages as Array<{ role: string; content: string }>;
  return { path, body: { ...body, messages: [messages[0], { ...messages[1]!, content: `${messages[1]!.content} (request ${i})` }] } };
}

/** What a verdict is: its status, and each gate's status, figure, interval and reason. */
const verdictOf = (c: Comparison) => ({ verdict: c.verdict, agreement: c.figures.agreement });

describe("a shadow log replayed offline", () => {
  it("is imported, and `evalgate run` of the imported suite on the same candidate reaches the shadow run's verdict", async () => {
    const dir = scratchDir("replay");
    const simSuite = writeShadowSuite(dir, "http://127.0.0.1:1/v1");
    const production = await startSuiteSim(simSuite);
    const candidate = await startSuiteSim(simSuite);
    sims.push(production, candidate);
    const log = join(dir, "pairs.jsonl");
    const shadow = await startShadow({
      suiteFile: writeShadowSuite(dir, candidate.url, { extra: GATES }), targetId: "cand", upstream: production.url, port: 0, host: "127.0.0.1",
      share: 1, seed: 1, models: [], paths: [], metadata: [], mirrorStateful: false, queue: 100, tags: [], captureLimitBytes: 4 << 20,
      bodyLimitBytes: 32 << 20, drainMs: 1000, db: join(dir, "shadow.db"), log, env: { SHADOW_CANDIDATE_KEY: CANDIDATE_KEY },
    });
    for (let i = 0; i < N; i++) {
      const { path, body } = distinctRequest(i);
      expect((await send(shadow.baseUrl, path, body)).status).toBe(200);
    }
    await waitFor(() => shadow.status().mirror.stored === N);
    const { comparisons } = await shadow.stop();
    expect(comparisons).toHaveLength(1);
    const online = comparisons[0]!;
    expect(online.figures.agreement?.cases).toBe(N);
    // Some pairs disagree (production's model is the less accurate one), so the figure is one to match.
    expect(online.figures.agreement!.share).toBeGreaterThan(0);
    expect(online.figures.agreement!.share).toBeLessThan(1);
    expect(online.verdict.gates.map((g) => g.gate)).toEqual(["errors", "agreement"]);

    const imported = await runCli(["import", log, "--out", dir, "--name", "replay", "--candidate-api", "responses", "--candidate-model", "gpt-4.1", "--agreement-min", "0.6"], { cwd: dir });
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toMatch(new RegExp(`${N} logged exchanges, ${N} distinct requests → ${N} cases`));
    // The candidate the shadow proxy mirrored to, as the imported suite's candidate.
    const suiteFile = join(dir, "replay.yaml");
    const cand = `{ id: candidate, api: responses, model: gpt-4.1, base_url: "${candidate.url}", api_key_env: SHADOW_CANDIDATE_KEY, params: { max_output_tokens: 64 } }`;
    writeFileSync(suiteFile, readFileSync(suiteFile, "utf8").replace(/^ {2}- \{ id: candidate, .*$/m, `  - ${cand}`));
    const offlineDb = join(dir, "offline.db");
    // `run` asks the recorded target for a key even though every case is recorded: it is given one it never sends.
    // No OPENAI_API_KEY: the recorded target sends nothing, so it needs no key.
    const run = await runCli(["run", suiteFile, "--db", offlineDb], { cwd: dir, env: { SHADOW_CANDIDATE_KEY: CANDIDATE_KEY, OPENAI_API_KEY: undefined } });
    expect(run.stderr).not.toMatch(/error\[/);
    const report = await runCli(["report", "latest", "--db", offlineDb, "--format", "json"], { cwd: dir });
    expect(report.code).toBe(0);
    const offline = (JSON.parse(report.stdout) as { comparisons: Comparison[] }).comparisons;
    expect(offline).toHaveLength(1);
    expect(verdictOf(offline[0]!)).toEqual(verdictOf(online));

    // Request by request (the shadow case id, which the log's metadata carries into the imported case), the candidate said the same to both.
    const answers = async (db: string, key: (c: StoredCase) => string) => {
      const store = await openStore(db);
      try {
        const [latest] = await store.listRuns({ limit: 1 });
        const runId = latest!.run.id;
        const caseKey = new Map((await store.getCases(runId)).map((c) => [c.id, key(c)]));
        const arm = latest!.run.arms.find((a) => !a.recorded)!.arm;
        const attempts = await collect(store.streamAttempts(runId, { arm }));
        return new Map(attempts.map((a) => [caseKey.get(a.caseId)!, a.output?.json]));
      } finally {
        await store.close();
      }
    };
    const mirrored = await answers(join(dir, "shadow.db"), (c) => c.id);
    const replayed = await answers(offlineDb, (c) => (c.vars.metadata as Record<string, string>).evalgate_case!);
    expect(mirrored.size).toBe(N);
    expect(replayed).toEqual(mirrored);
  }, 120_000);
});
