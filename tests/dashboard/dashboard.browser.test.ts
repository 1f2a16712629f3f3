/**
 * The dashboard in a real headless Chromium against `evalgate view` over a database that
 * `evalgate run` filled by running tests/dashboard/fixtures/triage.yaml on the simulator
 * (twice, the second against the first), plus a few runs written through the Store
 * (fixture-db.ts: tool calls, an errored attempt, a second suite). Each page shows the
 * numbers the store holds, filters narrow the attempts and live in the URL, the compare
 * page lists the regressions first, model output is text that runs nothing, and the API
 * refuses calls without the token. Screenshots go to reports/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ms, pct, usd } from "../../dashboard/src/format.js";
import { formatSignedPoints, worstStatus, type Comparison } from "../../src/core/index.js";
import type { JsonReport } from "../../src/report/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";
import { ERRORED_CASE, fillDashboardDb, REGRESSED, RUNS } from "./fixture-db.js";
import { startView, type ViewServer } from "./view-server.js";

const TOKEN = "dashboard-test-token";
const SHOTS = resolve(repoRoot, "reports/screenshots");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"];

let dir: string;
let dbPath: string;
let fixtureComparisonId: string;
/** The second `evalgate run` of the suite and the comparison of its two arms it stored. */
let cliRun: string;
let cliComparison: Comparison;
let store: Store;
let server: ViewServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "evalgate-dashboard-"));
  dbPath = join(dir, "evalgate.db");
  await fillThroughCli(dbPath);
  fixtureComparisonId = (await fillDashboardDb(dbPath)).comparisonId;
  store = await openStore(dbPath, { readonly: true });
  cliRun = (await store.resolveRunRef("latest", { suite: "dashboard-triage" })).id;
  const stored = (await store.listComparisons(cliRun)).find((c) => c.baselineRunId === cliRun && c.candidateRunId === cliRun);
  if (!stored) throw new Error(`evalgate run stored no comparison within ${cliRun}`);
  cliComparison = stored;
  server = await startView(["--db", dbPath, "--token", TOKEN]);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  mkdirSync(SHOTS, { recursive: true });
  // The printed URL carries the token once; the app keeps it in sessionStorage for every later page.
  await page.goto(server.printedUrl);
  await page.locator("[data-table=runs]").waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Two runs of the fixture suite on the simulator: `main`, then `pr-7` against it as the
 * baseline. Each run stores its suite's comparison (base → cand) and the second also the
 * comparison with the first; the gates fail, so `evalgate run` exits 1.
 */
async function fillThroughCli(db: string): Promise<void> {
  const suite = "tests/dashboard/fixtures/triage.yaml";
  for (const args of [["--tag", "main"], ["--tag", "pr-7", "--baseline", "tag:main"]]) {
    const r = await runCli(["run", suite, "--db", db, ...args]);
    if (r.code !== 0 && r.code !== 1 && r.code !== 4) throw new Error(`evalgate run exited ${r.code}: ${r.stderr}`);
  }
}

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? "").trim();
const attemptTotal = async (q: Parameters<Store["listAttempts"]>[1], runId = cliRun) => (await store.listAttempts(runId, q)).total;

async function waitForTotal(total: number): Promise<void> {
  await page.locator(`[data-total="${total}"]`).waitFor();
}

/** The verdict the runs list shows: the worst over the comparisons the run is the candidate of. */
async function expectedVerdict(runId: string): Promise<string | null>  {
  const own = (await store.listComparisons(runId)).filter((c) => c.candidateRunId === runId);
  return own.length ? worstStatus(own.map((c) => c.verdict.status)) : null;
}

describe("dashboard in Chromium", () => {
  it("runs list shows every stored run with the pass rate, cost and verdict the store holds, and a trend per suite", async () => {
    await page.goto(`${server.origin}/#/runs`);
    await page.locator("[data-table=runs] tr[data-run]").first().waitFor();
    expect(server.printedUrl).toContain(`token=${TOKEN}`);
    expect(page.url()).not.toContain("token=");
    const summaries = await store.listRuns();
    expect(summaries.filter((s) => s.run.suite === "dashboard-triage")).toHaveLength(2);
    expect(await page.locator("[data-table=runs] tr[data-run]").count()).toBe(summaries.length);
    for (const s of summaries) {
      const row = `tr[data-run="${s.run.id}"]`;
      expect(await text(`${row} [data-cell=pass-rate]`)).toBe(pct(s.totals.passRate?.estimate));
      expect(await text(`${row} [data-cell=cost]`)).toBe(usd(s.totals.totalCost));
      expect(await text(row)).toContain("simulated");
      const verdict = await expectedVerdict(s.run.id);
      if (verdict === null) expect(await page.locator(`${row} [data-verdict]`).count()).toBe(0);
      else expect(await text(`${row} [data-verdict]`)).toBe(verdict);
    }
    expect(await expectedVerdict(cliRun)).toBe("FAIL");
    await page.locator('[data-chart=trend][data-suite="release-notes"] circle').nth(1).waitFor();
    const trend = await page.locator('[data-chart=trend][data-suite="release-notes"] circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute("data-trend-point"))));
    const expectedTrend = [];
    for (const id of [RUNS.notesOld, RUNS.notesNew]) expectedTrend.push((await store.summarizeRun(id))?.totals.passRate?.estimate);
    expect(trend).toEqual(expectedTrend);
    await shot("runs");

    await page.selectOption("select[name=suite]", "dashboard-triage");
    await page.locator(`tr[data-run="${RUNS.notesOld}"]`).waitFor({ state: "detached" });
    expect(await page.locator("[data-table=runs] tr[data-run]").count()).toBe(2);
    expect(page.url()).toContain("suite=dashboard-triage");
  });

  it("run detail shows each arm's figures and filters the attempts by status, arm, grader, tag and search, in the URL", async () => {
    await page.goto(`${server.origin}/#/runs/${cliRun}`);
    await page.locator("[data-table=attempts]").waitFor();
    const summary = await store.summarizeRun(cliRun);
    expect(summary?.arms).toHaveLength(2);
    for (const arm of summary?.arms ?? []) {
      const card = `article[data-arm="${arm.arm}"]`;
      expect(await text(`${card} [data-cell=pass-rate]`)).toMatch(new RegExp(`^${pct(arm.passRate?.estimate).replace(".", "\\.")}`));
      expect(await text(`${card} [data-cell=p95]`)).toBe(ms(arm.latencyP95));
      expect(await text(`${card} [data-cell=attempts]`)).toContain(`${arm.passed} pass, ${arm.failed} fail, ${arm.errors} errors`);
      expect(await text(card)).toContain("simulated");
    }
    await waitForTotal(await attemptTotal({ limit: 1, offset: 0 }));
    await page.locator("[data-chart=cost-quality] [data-point]").nth(1).waitFor();

    const failing = await attemptTotal({ status: "fail", limit: 1, offset: 0 });
    expect(failing).toBeGreaterThan(0);
    await page.selectOption("select[name=status]", "fail");
    await waitForTotal(failing);
    const statuses = await page.locator("tr[data-attempt]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")));
    expect(statuses).toEqual(new Array(failing).fill("fail"));
    expect(page.url()).toContain("status=fail");
    await shot("run-detail");

    const armId = cliComparison.candidateArm;
    await page.selectOption("select[name=grader]", "team");
    await waitForTotal(await attemptTotal({ status: "fail", grader: "team", limit: 1, offset: 0 }));
    await page.selectOption("select[name=arm]", cliComparison.baselineArm);
    await waitForTotal(0);
    await page.selectOption("select[name=arm]", armId);
    await waitForTotal(await attemptTotal({ status: "fail", grader: "team", arm: armId, limit: 1, offset: 0 }));

    await page.goto(`${server.origin}/#/runs/${cliRun}?tag=critical`);
    await waitForTotal(await attemptTotal({ tag: "critical", limit: 1, offset: 0 }));
    await page.locator("input[name=q]").fill("case-07");
    await page.locator("input[name=q]").press("Enter");
    await waitForTotal(await attemptTotal({ tag: "critical", search: "case-07", limit: 1, offset: 0 }));
    expect(page.url()).toContain("q=case-07");
  });

  it("shows errored attempts and tool calls as calls", async () => {
    await page.goto(`${server.origin}/#/runs/${RUNS.candidate}?status=error`);
    await waitForTotal(await attemptTotal({ status: "error", limit: 1, offset: 0 }, RUNS.candidate));
    expect(await text("tr[data-attempt]")).toContain(ERRORED_CASE);
    expect(await text("tr[data-attempt]")).toContain("500 simulated upstream failure");
    await page.goto(`${server.origin}/#/runs/${RUNS.candidate}?q=case-01`);
    await page.locator(".tool-call").first().waitFor();
    expect(await page.locator(".tool-call").first().textContent()).toMatch(/^lookup_account\(\{"account":\d+\}\)/);
  });

  it("shows HTML and script from vars and outputs as text, and runs none of it", async () => {
    const stored = (await store.listAttempts(cliRun, { caseId: "case-xss", limit: 10, offset: 0 })).attempts;
    const storedTexts = stored.map((a) => a.output?.text ?? "");
    expect(storedTexts.some((t) => t.includes("<script>window.__xss='script'</script>"))).toBe(true);
    await page.goto(`${server.origin}/#/runs/${cliRun}?q=case-xss`);
    await waitForTotal(stored.length);
    const shown = await page.locator("[data-output]").allTextContents();
    expect(shown).toEqual(storedTexts.filter((t) => t !== ""));
    expect(await page.locator("[data-var]").allTextContents()).toContain(String((await store.getCases(cliRun)).find((c) => c.id === "case-xss")?.vars.ticket));
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await shot("escaped-output");
  });

  it("compare page shows the verdict with each gate and lists the regressions first", async () => {
    const regressions = cliComparison.cases.filter((c) => c.outcome === "regression").map((c) => c.caseId);
    expect(regressions.length).toBeGreaterThan(0);
    await page.goto(`${server.origin}/#/compare/${cliComparison.id}`);
    await page.locator("[data-table=cases] tr[data-case]").first().waitFor();
    expect(await text("h1 [data-verdict]")).toBe(cliComparison.verdict.status);
    const gates = await page.locator("[data-table=gates] tr[data-gate]").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-gate"), r.querySelector("[data-verdict]")?.textContent]));
    expect(gates).toEqual(cliComparison.verdict.gates.map((g) => [g.gate, g.status.replace("_", " ")]));
    const rows = await page.locator("[data-table=cases] tr[data-case]").evaluateAll((trs) => trs.map((r) => [r.getAttribute("data-case"), r.getAttribute("data-outcome")]));
    expect(rows.slice(0, regressions.length)).toEqual([...regressions].sort().map((id) => [id, "regression"]));
    expect(rows.slice(regressions.length).every(([, o]) => o !== "regression")).toBe(true);
    expect(await text('[data-figure="regressions / fixes"]')).toContain(`${cliComparison.figures.regressions} / ${cliComparison.figures.fixes}`);

    await page.locator(`tr[data-case="${regressions[0]}"] a`).click();
    await page.locator(`[data-side-by-side="${regressions[0]}"] .column`).nth(1).waitFor();
    expect(page.url()).toContain(`case=${regressions[0]}`);
    await shot("compare");

    await page.locator("[data-outcome-filter=unchanged]").click();
    await page.locator("[data-table=cases] tr[data-outcome=regression]").first().waitFor({ state: "detached" });
    expect(new Set(await page.locator("[data-table=cases] tr[data-case]").evaluateAll((trs) => trs.map((r) => r.getAttribute("data-outcome"))))).toEqual(new Set(["unchanged"]));
  });

  it("compare page's parity card shows the figures of the JSON report, in the same strings", async () => {
    const r = await runCli(["report", cliRun, "--format", "json", "--db", dbPath]);
    expect(r.code, r.stderr).not.toBe(2);
    const json = JSON.parse(r.stdout) as JsonReport;
    const card = json.parityCards[cliComparison.id];
    const parity = json.comparisons.find((c) => c.id === cliComparison.id)?.parity;
    if (!card || !parity) throw new Error("the JSON report holds no parity for the run's comparison");
    await page.goto(`${server.origin}/#/compare/${cliComparison.id}`);
    await page.locator("[data-table=parity] tr[data-parity]").first().waitFor();
    const shown = await page.locator("[data-table=parity] tr[data-parity]").evaluateAll((trs) =>
      trs.map((tr) => ({ key: tr.getAttribute("data-parity"), cells: [...tr.querySelectorAll("td")].map((td) => td.textContent) })),
    );
    expect(shown).toEqual(card.rows.map((row) => ({ key: row.key, cells: [row.figure, row.baseline, row.candidate, row.difference] })));
    // The strings carry the JSON report's numbers: each arm's refusal rate with its counts, the truncation Δ in points.
    const refusals = shown.find((row) => row.key === "refusals")?.cells ?? [];
    expect(refusals[1]).toBe(`${pct(parity.refusals.baseline)} (${parity.refusals.counts.baseline.hits} of ${parity.refusals.counts.baseline.of} attempts)`);
    expect(refusals[2]).toBe(`${pct(parity.refusals.candidate)} (${parity.refusals.counts.candidate.hits} of ${parity.refusals.counts.candidate.of} attempts)`);
    expect(shown.find((row) => row.key === "truncations")?.cells[3]?.startsWith(formatSignedPoints(parity.truncations.difference.value))).toBe(true);
    expect(shown.find((row) => row.key === "cost-1k")?.cells.slice(1, 3)).toEqual([usd(parity.costPer1kRequests.baseline), usd(parity.costPer1kRequests.candidate)]);
    await shot("compare-parity");
    // A comparison stored before parity existed says so instead of showing a card.
    await page.goto(`${server.origin}/#/compare/${fixtureComparisonId}`);
    await page.locator("[data-parity-missing]").waitFor();
    expect(await text("[data-parity-missing]")).toContain("run `evalgate compare` again");
  });

  it("compare page diffs both outputs word by word and structured outputs by path", async () => {
    await page.goto(`${server.origin}/#/compare/${fixtureComparisonId}?case=${REGRESSED[0]}`);
    await page.locator("[data-diff=words] ins").first().waitFor();
    expect(await page.locator("[data-diff=words] del").first().textContent()).toContain("billing");
    expect(await page.locator("[data-diff=words] ins").first().textContent()).toContain("sales");
    expect(await text('[data-diff=json] tr[data-path="$.team"]')).toContain('"billing"');
    expect(await page.locator("[data-side-by-side] .tool-call").count()).toBe(2);
    await shot("compare-diff");
  });

  it("the API refuses a call without the token and answers with it", async () => {
    const none = await fetch(`${server.origin}/api/runs`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    expect((await fetch(`${server.origin}/api/runs`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    const ok = await fetch(`${server.origin}/api/runs`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { runs: unknown[] }).runs).toHaveLength((await store.listRuns()).length);
  });

  it("evalgate view refuses a non-loopback host without a token (exit 2)", async () => {
    const r = await runCli(["view", "--host", "0.0.0.0", "--db", dbPath], { env: { EVALGATE_TOKEN: "" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--token");
  });
});
