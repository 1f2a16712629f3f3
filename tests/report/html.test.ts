import { describe, expect, it } from "vitest";
import { createReporter } from "../../src/report/index.js";
import { quantile } from "../../src/report/html-charts.js";
import { fixtureInput } from "./fixtures.js";

describe("HTML reporter", () => {
  const html = createReporter("html").render(fixtureInput());

  it("is self-contained: no URL, no script, no external stylesheet, image or font", () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html.startsWith("<!doctype html>")).toBe(true);
  });

  it("escapes model output: the hostile text appears only as text", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; | pipe ]]&gt; bell red &amp; `code`");
    expect(html).not.toMatch(/[\u0007\u001b]/);
    expect(html.match(/&lt;script&gt;/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("draws three charts: a point per priced arm, a bar per arm's pass rate, a box per arm's latency", () => {
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html.match(/<circle [^>]*><title>/g)).toHaveLength(2);
    expect(html).toContain("support@gpt-4o-mini: 75.0% [30.1%, 95.4%]");
    expect(html).toContain("support@gpt-5-mini-responses: p50 500 ms, p95 500 ms over 3 attempts");
  });

  it("shows the verdict badge, the gates and deltas tables, the top regressions side by side and a row per case", () => {
    expect(html).toContain('<h1>support-triage · run_20261125T100000Z_aaaaaa <span class="badge FAIL">FAIL</span></h1>');
    expect(html).toContain("<td>quality</td><td>FAIL</td><td>−0.250</td><td>margin 0.020</td>");
    expect(html).toContain("Top regressions (2 of 2)");
    expect(html.match(/<div class="sides">/g)).toHaveLength(2);
    expect(html.match(/<tr class="(pass|fail|error)">/g)).toHaveLength(8);
  });

  it("draws the latency boxes with the one percentile (interpolated, as every figure is)", () => {
    const sorted = Float64Array.from([100, 200, 300, 400]);
    expect(quantile(sorted, 0.5)).toBe(250);
    expect(quantile(sorted, 0.95)).toBeCloseTo(385, 9);
    expect(quantile(new Float64Array(0), 0.5)).toBeNull();
  });

  it("plots pass rate against cost per 1,000 requests with both intervals, on axes that fit them, with a legend and the frontier", () => {
    // Each answered attempt costs $0.00025 (per 1,000: $0.25, no spread); arm B's errored attempt is left out of its cost.
    const chart = html.slice(html.indexOf("<svg "), html.indexOf("</svg>"));
    expect(chart).toContain("support@gpt-4o-mini: pass rate 75.0% [30.1%, 95.4%], $0.2500 per 1,000 requests [$0.2500, $0.2500]");
    expect(chart.match(/<line [^>]*stroke="#[0-9a-f]{6}" stroke-width="1.5"\/>/g)).toHaveLength(4);
    expect(chart).toContain(">support@gpt-4o-mini (Pareto frontier)</text>");
    expect(chart).toContain('class="tick">$0</text>');
  });
});
