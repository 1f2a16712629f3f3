/**
 * The release, compare, runs and PM pages in a real headless Chromium against
 * `evalgate view`, over a database `evalgate run` filled with tests/dashboard/fixtures/release.yaml
 * (a Chat baseline, a Responses candidate on another model, 3 repeats) run twice, plus the
 * Store-written runs of fixture-db.ts. Every figure a page shows is checked against the JSON
 * report (`evalgate report RUN --format json`) through the CLI's own formatters. Waits are
 * on page content, never on time. Screenshots (1400×900) go to reports/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRICE_TABLE_VERSION, formatUsd, type Attempt, type Comparison } from "../../src/core/index.js";
import { formatPassRate } from "../../src/report/arm-rows.js";
import { gateRows, sliceRows, topRegressions } from "../../src/report/comparison-view.js";
import type { JsonReport } from "../../src/report/index.js";
import { openStore } from "../../src/store/index.js";
import { repoRoot, runCli } from "../helpers/cli.js";
import { fillDashboardDb, RUNS } from "./fixture-db.js";
import { startView, type ViewServer } from "./view-server.js";

const SHOTS = resolve(repoRoot, "reports/screenshots");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync"];
const SUITE = "tests/dashboard/fixtures/release.yaml";
const PARTIAL_ID = "cmp_release_partial";

let dir: string;
let dbPath: string;
let report: JsonReport;
let comparison: Comparison;
let server: ViewServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "evalgate-release-pm-"));
  dbPath = join(dir, "evalgate.db");
  for (const tag of ["main", "pr-9"]) {
    const r = await runCli(["run", SUITE, "--db", dbPath, "--tag", tag]);
    if (r.code !== 0 && r.code !== 1 && r.code !== 4) throw new Error(`evalgate run exited ${r.code}: ${r.stderr}`);
  }
  await fillDashboardDb(dbPath);
  const json = await runCli(["report", "tag:pr-9", "--db", dbPath, "--format", "json"]);
  if (json.code !== 0 && json.code !== 1 && json.code !== 4) throw new Error(`evalgate report exited ${json.code}: ${json.stderr}`);
  report = JSON.parse(json.stdout) as JsonReport;
  const own = report.comparisons.find((c) => c.baselineRunId === c.candidateRunId);
  if (!own) throw new Error("the report holds no comparison within the run");
  comparison = own;
  // The same comparison as a budget-stopped run would have stored it: its verdict covers part of the cases.
  const store = await openStore(dbPath);
  await store.saveComparison({ ...comparison, id: PARTIAL_ID, partial: [{ runId: comparison.candidateRunId, status: "budget-stopped", cases: 30, planned: 46 }] });
  await store.close();
  server = await startView(["--db", dbPath]);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30_000);
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? "").trim();
const runReport = () => report.runs[0] as JsonReport["runs"][number];

/** The gate cells (figure, threshold, interval) a gates table shows, in its row order. */
async function gateCells(): Promise<string[][]> {
  return page.locator("[data-table=gates] tr[data-gate]").evaluateAll((rows) =>
    rows.map((r) => ["figure", "threshold", "interval"].map((c) => r.querySelector(`[data-cell=${c}]`)?.textContent ?? "")),
  );
}

/** Every text of an SVG inside the SVG's box, and the chosen texts' boxes pairwise apart. */
async function svgTextLayout(svg: string, apart: string): Promise<{ outside: string[]; overlapping: string[] }> {
  return page.locator(svg).evaluate((el, sel) => {
    const box = el.getBoundingClientRect();
    const outside = [...el.querySelectorAll("text")]
      .filter((t) => {
        const b = t.getBoundingClientRect();
        return b.left < box.left - 0.5 || b.right > box.right + 0.5 || b.top < box.top - 0.5 || b.bottom > box.bottom + 0.5;
      })
      .map((t) => t.textContent ?? "");
    const labels = [...el.querySelectorAll(sel)].map((t) => ({ name: t.textContent ?? "", b: t.getBoundingClientRect() }));
    const overlapping: string[] = [];
    labels.forEach((a, i) =>
      labels.slice(i + 1).forEach((c) => {
        if (a.b.left < c.b.right && c.b.left < a.b.right && a.b.top < c.b.bottom && c.b.top < a.b.bottom) overlapping.push(`${a.name} × ${c.name}`);
      }),
    );
    return { outside, overlapping };
  }, apart);
}

describe("release page", () => {
  it("answers the ship question in one line with every gate as the CLI formats the JSON report's figures", async () => {
    await page.goto(`${server.origin}/#/release/${comparison.id}`);
    await page.locator("[data-page=release] [data-question]").waitFor();
    expect(await text("[data-question]")).toBe(`Ship Chat · gpt-4.1-mini → Responses · gpt-5-mini? ${comparison.verdict.status}`);
    expect(await text("[data-verdict-line]")).toContain(`${comparison.figures.regressions} regressions`);
    expect(await gateCells()).toEqual(gateRows(comparison).map((r) => r.slice(2, 5)));
    expect(await text("[data-gate=cost] [data-cell=threshold]")).toBe("≤ +50.0%");
    expect(await text("[data-gate=cost] [data-cell=figure]")).toMatch(/^\+\d+\.\d%$/);
    expect(await text("[data-release-arm=baseline] [data-api-model]")).toBe("chat · gpt-4.1-mini");
    expect(await text("[data-release-arm=candidate] [data-api-model]")).toBe("responses · gpt-5-mini");
    expect(await page.locator("[data-release-arm] .badge.simulated").count()).toBe(2);
    expect(await text("[data-warning=simulated]")).toContain("simulator");
  });

  it("shows the report's top regressions with both outputs side by side", async () => {
    const { run, arms, attempts } = runReport();
    const expected = topRegressions(comparison, { runs: [{ run, arms, attempts }], comparisons: [] }, 10);
    expect(expected.length).toBeGreaterThan(0);
    await page.locator("[data-regression]").first().waitFor();
    const shown = await page.locator("[data-regression]").evaluateAll((els) =>
      els.map((e) => [e.getAttribute("data-regression"), e.querySelector("[data-side=baseline] [data-output-text]")?.textContent, e.querySelector("[data-side=candidate] [data-output-text]")?.textContent]),
    );
    expect(shown).toEqual(expected.map((r) => [r.delta.caseId, r.baselineText, r.candidateText]));
    await shot("release");
  });

  it("warns of a partial run, and draws no parity card or rollout link the comparison does not carry", async () => {
    await page.goto(`${server.origin}/#/release/${PARTIAL_ID}`);
    await page.locator("[data-warning=partial]").waitFor();
    expect(await text("[data-warning=partial]")).toContain(`partial run ${comparison.candidateRunId}: 30 of 46 cases (budget-stopped)`);
    expect(await page.locator("[data-card=parity], [data-rollout]").count()).toBe(0);
  });
});

describe("compare page", () => {
  it("formats gates as the CLI, names each arm's API and model, and gives each tag's Holm-adjusted p", async () => {
    await page.goto(`${server.origin}/#/compare/${comparison.id}`);
    await page.locator("[data-table=cases] tr[data-case]").first().waitFor();
    await page.locator("[data-arms] [data-api-model]").nth(1).waitFor();
    expect(await gateCells()).toEqual(gateRows(comparison).map((r) => r.slice(2, 5)));
    expect(await page.locator("[data-arms] [data-api-model]").allTextContents()).toEqual(["chat · gpt-4.1-mini", "responses · gpt-5-mini"]);
    expect(await page.locator("[data-arms] .badge.simulated").count()).toBe(2);
    const slices = sliceRows(comparison);
    expect(slices.some((r) => /\(\d\.\d{3}\)$/.test(r[5] ?? ""))).toBe(true);
    expect(await page.locator("[data-table=slices] tr[data-slice]").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-slice"), r.querySelector("[data-cell=mcnemar]")?.textContent]))).toEqual(
      slices.map((r) => [r[0], r[5]]),
    );
  });

  it("shows the selected case beside the table, a repeat that agrees with the case's result first, and lets the user switch", async () => {
    const mixed = comparison.cases.find((d) => {
      const results = runReport().attempts.filter((a) => a.caseId === d.caseId && a.arm === comparison.candidateArm).map((a) => a.pass === true);
      return results.includes(true) && results.includes(false);
    });
    if (!mixed) throw new Error("the fixture run has no case whose candidate repeats disagree");
    const repeats = runReport().attempts.filter((a) => a.caseId === mixed.caseId && a.arm === comparison.candidateArm).sort((a, b) => a.repeat - b.repeat);
    const agrees = (a: Attempt) => (a.status !== "error" && a.pass === true) === mixed.candidatePass;
    const first = repeats.find(agrees) as Attempt;
    const other = repeats.find((a) => !agrees(a)) as Attempt;
    await page.goto(`${server.origin}/#/compare/${comparison.id}?case=${mixed.caseId}`);
    await page.locator(`[data-side-by-side="${mixed.caseId}"] [data-repeat-picker=candidate]`).waitFor();
    const table = await page.locator("[data-table=cases]").boundingBox();
    const detail = await page.locator(".case-detail").boundingBox();
    expect(detail && table && detail.x >= table.x + table.width).toBe(true);
    expect(detail && table && detail.y < table.y + 200).toBe(true);
    expect(await page.locator("[data-repeat-picker=candidate] [data-showing-repeat]").getAttribute("data-showing-repeat")).toBe(String(first.repeat));
    expect(await text("[data-repeat-picker=candidate] [data-showing-repeat]")).toBe(`repeat ${repeats.indexOf(first) + 1} of ${repeats.length}`);
    await page.locator(".case-layout").evaluate((el) => el.scrollIntoView());
    await shot("compare-cases");
    await page.locator(`[data-repeat-picker=candidate] button[data-repeat="${other.repeat}"]`).click();
    await page.locator(`[data-repeat-picker=candidate] [data-showing-repeat="${other.repeat}"]`).waitFor();
    expect(page.url()).toContain(`crep=${other.repeat}`);
    const candidateColumn = page.locator(`[data-side-by-side="${mixed.caseId}"] .column`).nth(1);
    expect(((await candidateColumn.locator("[data-output]").first().textContent()) ?? "").trim()).toBe((other.output?.text ?? "").trim());
  });
});

describe("runs list", () => {
  it("shows each run's APIs and models, links its release pages, and trends each arm by date with points that open their run", async () => {
    await page.goto(`${server.origin}/#/runs`);
    const row = `tr[data-run="${comparison.candidateRunId}"]`;
    await page.locator(row).waitFor();
    expect(await page.locator(`${row} [data-cell=arms] li`).allTextContents()).toEqual(["chat · gpt-4.1-mini", "responses · gpt-5-mini"]);
    expect(await page.locator(`${row} [data-release="${comparison.id}"]`).getAttribute("href")).toBe(`#/release/${comparison.id}`);
    const trend = '[data-chart=trend][data-suite="dashboard-release"]';
    await page.locator(`${trend} [data-series] circle`).nth(3).waitFor();
    expect(await page.locator(`${trend} [data-series]`).evaluateAll((gs) => gs.map((g) => [g.getAttribute("data-series"), g.querySelectorAll("circle").length]))).toEqual([
      ["triage@chat", 2],
      ["triage@responses", 2],
    ]);
    const dates = await page.locator(`${trend} [data-date-tick]`).allTextContents();
    expect(dates.length).toBeGreaterThan(1);
    for (const d of dates) expect(d).toMatch(/^(\d{4}-\d\d-\d\d|\d\d-\d\d \d\d:\d\d|\d\d:\d\d:\d\d)$/);
    expect(new Set(dates).size).toBe(dates.length);
    expect((await svgTextLayout(trend, "[data-date-tick]")).outside).toEqual([]);
    await shot("runs-trend");
    const target = await page.locator(`${trend} [data-series="triage@responses"] a`).first().getAttribute("data-trend-run");
    await page.locator(`${trend} [data-series="triage@responses"] a`).first().click();
    await page.locator(`[data-page=run][data-run="${target}"]`).waitFor();
    expect(page.url()).toContain(`#/runs/${target}`);
  });
});

describe("PM page", () => {
  const pmUrl = (keys: string[]) => `${server.origin}/#/pm?${keys.map((k) => `arm=${encodeURIComponent(k)}`).join("&")}`;

  it("shows each arm's pass rate and cost per 1,000 requests with intervals, equal to the JSON report's figures, the frontier and the price table's date", async () => {
    const run = runReport();
    await page.goto(pmUrl(run.arms.map((a) => `${run.run.id}:${a.arm}`)));
    await page.locator("[data-table=arm-set] tr[data-arm-key]").nth(1).waitFor();
    for (const arm of run.arms) {
      const row = `tr[data-arm-key="${run.run.id}:${arm.arm}"]`;
      expect(await text(`${row} [data-cell=pass-rate]`)).toBe(formatPassRate(arm.passRate));
      // 1,000 × the mean answered attempt's cost is the report's cost per case (per answered attempt) × 1,000.
      expect(await text(`${row} [data-cell=cost-1k]`)).toMatch(new RegExp(`^\\${formatUsd((arm.costPerCase ?? Number.NaN) * 1000)} \\[\\$[\\d.]+, \\$[\\d.]+\\]$`));
      expect(await text(`${row} [data-api-model]`)).toBe(run.run.arms.find((a) => a.arm === arm.arm)?.api === "chat" ? "chat · gpt-4.1-mini" : "responses · gpt-5-mini");
    }
    // The chat arm is cheaper and passes more: it alone is on the frontier.
    expect(await page.locator("[data-table=arm-set] [data-cell=frontier]").allTextContents()).toEqual(["on the frontier", ""]);
    expect(await page.locator("[data-price-table]").getAttribute("data-price-table")).toBe(PRICE_TABLE_VERSION);
    expect(await text("[data-shared-cases]")).toContain("compared on 46 cases");
  });

  it("draws axes that fit the arms (not 0–100%), every tick inside the chart and no two labels over each other", async () => {
    const chart = "[data-page=pm] [data-chart=cost-quality]";
    await page.locator(`${chart} [data-point]`).nth(1).waitFor();
    const yTicks = await page.locator(`${chart} [data-y-tick]`).evaluateAll((gs) => gs.map((g) => g.getAttribute("data-y-tick")));
    expect(yTicks).not.toContain("0%");
    expect(await text(`${chart} [data-zoom-note]`)).toMatch(/^pass rate axis from \d+(\.\d)?%$/);
    const layout = await svgTextLayout(chart, "[data-label], [data-legend] text");
    expect(layout.outside).toEqual([]);
    expect(layout.overlapping).toEqual([]);
    expect(await page.locator(`${chart} [data-legend]`).count()).toBe(2);
    await shot("pm");
  });

  it("says which cases differ when the arms' runs asked different cases", async () => {
    const run = runReport();
    await page.goto(pmUrl([`${run.run.id}:triage@chat`, `${RUNS.candidate}:triage@gpt-5-mini`]));
    await page.locator("[data-differing]").waitFor();
    expect(await page.locator("[data-differing]").getAttribute("data-shared-cases")).toBe("0");
    expect(await text('[data-differing-case="case-00"]')).toContain("vars differ");
    expect(await text('[data-differing-case="case-15"]')).toContain(`not in triage@chat (${run.run.id})`);
  });
});
