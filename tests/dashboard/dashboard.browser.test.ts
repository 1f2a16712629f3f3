/**
 * The dashboard in a real headless Chromium against `evalgate view` over a filled database:
 * each page shows the numbers the store holds, filters narrow the attempts and live in the
 * URL, the compare page lists the regressions first, model output is text that runs
 * nothing, and the API refuses calls without the token. Screenshots go to reports/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ms, pct, usd } from "../../dashboard/src/format.js";
import { openSqliteStore, type Store } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";
import { ARMS, ERRORED_CASE, fillDashboardDb, REGRESSED, RUNS, XSS_CASE, XSS_OUTPUT_TEXT, XSS_VARS_TEXT } from "./fixture-db.js";
import { startView, type ViewServer } from "./view-server.js";

const TOKEN = "dashboard-test-token";
const SHOTS = resolve(repoRoot, "reports/screenshots");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"];

let dir: string;
let dbPath: string;
let comparisonId: string;
let store: Store;
let server: ViewServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "evalgate-dashboard-"));
  dbPath = join(dir, "evalgate.db");
  comparisonId = fillDashboardDb(dbPath).comparisonId;
  store = openSqliteStore(dbPath, { readonly: true });
  server = await startView(["--db", dbPath, "--token", TOKEN]);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
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

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? "").trim();
const attemptTotal = (q: Parameters<Store["listAttempts"]>[1]) => store.listAttempts(RUNS.candidate, q).total;

async function waitForTotal(total: number): Promise<void> {
  await page.locator(`[data-total="${total}"]`).waitFor();
}

describe("dashboard in Chromium", () => {
  it("runs list shows every stored run with the pass rate, cost, p95 and verdict the store holds", async () => {
    await page.goto(`${server.origin}/#/runs`);
    await page.locator("[data-table=runs] tr[data-run]").first().waitFor();
    expect(server.printedUrl).toContain(`token=${TOKEN}`);
    expect(page.url()).not.toContain("token=");
    const summaries = store.listRuns();
    expect(await page.locator("[data-table=runs] tr[data-run]").count()).toBe(summaries.length);
    for (const s of summaries) {
      const row = `tr[data-run="${s.run.id}"]`;
      expect(await text(`${row} [data-cell=pass-rate]`)).toBe(pct(s.totals.passRate));
      expect(await text(`${row} [data-cell=cost]`)).toBe(usd(s.totals.costUsd));
      expect(await text(row)).toContain("simulated");
    }
    expect(await text(`tr[data-run="${RUNS.candidate}"] [data-verdict]`)).toBe(store.getComparison(comparisonId)?.verdict.status);
    expect(await page.locator(`tr[data-run="${RUNS.baseline}"] [data-verdict]`).count()).toBe(0);
    await page.locator('[data-chart=trend][data-suite="release-notes"] circle').nth(1).waitFor();
    const trend = await page.locator('[data-chart=trend][data-suite="release-notes"] circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute("data-trend-point"))));
    expect(trend).toEqual([RUNS.notesOld, RUNS.notesNew].map((id) => store.summarizeRun(id)?.totals.passRate));
    await shot("runs");

    await page.selectOption("select[name=suite]", "release-notes");
    await page.locator(`tr[data-run="${RUNS.candidate}"]`).waitFor({ state: "detached" });
    expect(await page.locator("[data-table=runs] tr[data-run]").count()).toBe(2);
    expect(page.url()).toContain("suite=release-notes");
  });

  it("run detail shows each arm's figures and filters the attempts by status, grader, tag and search, in the URL", async () => {
    await page.goto(`${server.origin}/#/runs/${RUNS.candidate}`);
    await page.locator("[data-table=attempts]").waitFor();
    const summary = store.summarizeRun(RUNS.candidate);
    for (const arm of summary?.arms ?? []) {
      const card = `article[data-arm="${arm.arm}"]`;
      expect(await text(`${card} [data-cell=pass-rate]`)).toMatch(new RegExp(`^${pct(arm.passRate).replace(".", "\\.")}`));
      expect(await text(`${card} [data-cell=p95]`)).toBe(ms(arm.p95LatencyMs));
      expect(await text(`${card} [data-cell=attempts]`)).toContain(`${arm.passed} pass, ${arm.failed} fail, ${arm.errors} errors`);
    }
    await waitForTotal(attemptTotal({ limit: 1, offset: 0 }));
    expect(await page.locator(".tool-call").first().textContent()).toMatch(/^lookup_account\(\{"account":\d+\}\)/);
    await page.locator("[data-chart=cost-quality] [data-point]").nth(1).waitFor();

    await page.selectOption("select[name=status]", "fail");
    await waitForTotal(attemptTotal({ status: "fail", limit: 1, offset: 0 }));
    const statuses = await page.locator("tr[data-attempt]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")));
    expect(new Set(statuses)).toEqual(new Set(["fail"]));
    expect(statuses.length).toBe(attemptTotal({ status: "fail", limit: 1, offset: 0 }));
    expect(page.url()).toContain("status=fail");
    await shot("run-detail");

    await page.selectOption("select[name=arm]", ARMS.responses);
    await page.selectOption("select[name=grader]", "team");
    await waitForTotal(attemptTotal({ status: "fail", grader: "team", arm: ARMS.responses, limit: 1, offset: 0 }));

    await page.goto(`${server.origin}/#/runs/${RUNS.candidate}?status=error`);
    await waitForTotal(1);
    expect(await text("tr[data-attempt]")).toContain(ERRORED_CASE);
    await page.goto(`${server.origin}/#/runs/${RUNS.candidate}?tag=urgent`);
    await waitForTotal(attemptTotal({ tag: "urgent", limit: 1, offset: 0 }));
    await page.locator("input[name=q]").fill("case-07");
    await page.locator("input[name=q]").press("Enter");
    await waitForTotal(attemptTotal({ tag: "urgent", search: "case-07", limit: 1, offset: 0 }));
  });

  it("shows HTML and script in outputs and vars as text, and runs none of it", async () => {
    await page.goto(`${server.origin}/#/runs/${RUNS.candidate}?q=${XSS_CASE}`);
    await waitForTotal(2);
    const outputs = await page.locator("[data-output]").allTextContents();
    expect(outputs).toEqual([XSS_OUTPUT_TEXT, XSS_OUTPUT_TEXT]);
    expect(await page.locator("[data-var]").allTextContents()).toContain(XSS_VARS_TEXT);
    expect(await page.locator("main img, main script").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await shot("escaped-output");
  });

  it("compare page shows the verdict with each gate and lists the regressions first, with both outputs diffed", async () => {
    const comparison = store.getComparison(comparisonId);
    const regressions = (comparison?.cases ?? []).filter((c) => c.outcome === "regression").map((c) => c.caseId).sort();
    expect(regressions).toEqual(expect.arrayContaining(REGRESSED));
    await page.goto(`${server.origin}/#/compare/${comparisonId}`);
    await page.locator("[data-table=cases] tr[data-case]").first().waitFor();
    expect(await text("h1 [data-verdict]")).toBe(comparison?.verdict.status);
    const gates = await page.locator("[data-table=gates] tr[data-gate]").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-gate"), r.querySelector("[data-verdict]")?.textContent]));
    expect(gates).toEqual(comparison?.verdict.gates.map((g) => [g.gate, g.status.replace("_", " ")]));
    const rows = await page.locator("[data-table=cases] tr[data-case]").evaluateAll((trs) => trs.map((r) => [r.getAttribute("data-case"), r.getAttribute("data-outcome")]));
    expect(rows.slice(0, regressions.length)).toEqual(regressions.map((id) => [id, "regression"]));
    expect(rows.slice(regressions.length).every(([, o]) => o !== "regression")).toBe(true);

    await page.locator(`tr[data-case="${REGRESSED[0]}"] a`).click();
    await page.locator("[data-diff=words] ins").first().waitFor();
    expect(await page.locator("[data-diff=words] del").first().textContent()).toContain("billing");
    expect(await page.locator("[data-diff=words] ins").first().textContent()).toContain("sales");
    expect(await text('[data-diff=json] tr[data-path="$.team"]')).toContain('"billing"');
    expect(page.url()).toContain(`case=${REGRESSED[0]}`);
    await shot("compare");

    await page.locator("[data-outcome-filter=fix]").click();
    await page.locator("[data-table=cases] tr[data-outcome=regression]").first().waitFor({ state: "detached" });
    expect(new Set(await page.locator("[data-table=cases] tr[data-case]").evaluateAll((trs) => trs.map((r) => r.getAttribute("data-outcome"))))).toEqual(new Set(["fix"]));
  });

  it("the API refuses a call without the token and answers with it", async () => {
    const none = await fetch(`${server.origin}/api/runs`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    expect((await fetch(`${server.origin}/api/runs`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    const ok = await fetch(`${server.origin}/api/runs`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { runs: unknown[] }).runs).toHaveLength(4);
  });

  it("evalgate view refuses a non-loopback host without a token (exit 2)", async () => {
    const r = await runCli(["view", "--host", "0.0.0.0", "--db", dbPath], { env: { EVALGATE_TOKEN: "" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--token");
  });
});
