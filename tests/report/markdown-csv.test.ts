import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { appendStepSummary, createReporter } from "../../src/report/index.js";
import { CSV_HEADER } from "../../src/report/csv-reporter.js";
import { fixtureInput } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "evalgate-md-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GFM tables in a document: runs of lines starting with `|`, split into cells on unescaped pipes. */
function tables(md: string): string[][][] {
  const out: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of md.split("\n")) {
    if (line.startsWith("|")) {
      const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim());
      if (!current) out.push((current = []));
      current.push(cells);
    } else current = null;
  }
  return out;
}

describe("Markdown reporter", () => {
  const md = createReporter("markdown").render(fixtureInput());

  it("starts with the verdict and renders gates, deltas, arms and failing cases as well-formed tables", () => {
    expect(md.split("\n")[0]).toBe("## evalgate: ❌ FAIL");
    const found = tables(md);
    expect(found.map((t) => [t[0]?.[0], t.length - 2])).toEqual([["gate", 5], ["figure", 8], ["tag", 2], ["arm", 2], ["arm", 3]]);
    for (const t of found) {
      expect(t[1]?.every((c) => c === "---")).toBe(true);
      expect(new Set(t.map((row) => row.length)).size).toBe(1);
    }
    expect(found[1]?.[3]).toEqual(["mean score", "0.800", "0.550", "−0.250 [−0.600, −0.050]"]);
    expect(found[2]?.slice(2)).toEqual([
      ["billing", "2", "−0.250 [−0.600, −0.050]", "−25.0 pp [−55.0 pp, +5.0 pp]", "2 / 1", "0.250 (0.500)"],
      ["sales", "2", "−0.250 [−0.600, −0.050]", "−25.0 pp [−55.0 pp, +5.0 pp]", "0 / 1", "0.500 (1.000)"],
    ]);
    expect(found[4]?.[4]).toEqual(["support@gpt-5-mini-responses", "case-002", "error", "0/1", "0.000", "rate_limit: 429 Too Many Requests for case-002"]);
  });

  it("puts regressions' outputs in fenced blocks that the output cannot close", () => {
    expect(md).toContain("```text\n<script>alert(1)</script> | pipe ]]> bell red & `code`\n```");
    const tableLines = md.split("\n").filter((l) => l.startsWith("|"));
    expect(tableLines.join("\n")).not.toContain("<script>");
  });

  it("escapes pipes, newlines and HTML inside table cells", async () => {
    const { cell, table } = await import("../../src/report/markdown-reporter.js");
    expect(cell("a|b\n<b>c</b>")).toBe("a\\|b<br>&lt;b&gt;c&lt;/b&gt;");
    expect(tables(table(["x", "y"], [["1|2", "3"]]))[0]?.[2]).toEqual(["1\\|2", "3"]);
  });

  it("appends to $GITHUB_STEP_SUMMARY when it is set, and does nothing when it is not", () => {
    const file = join(dir, "summary.md");
    writeFileSync(file, "# earlier step\n");
    expect(appendStepSummary(md, { GITHUB_STEP_SUMMARY: file })).toBe(file);
    expect(readFileSync(file, "utf8")).toBe(`# earlier step\n${md}\n`);
    expect(appendStepSummary(md, {})).toBeNull();
  });
});

describe("CSV reporter", () => {
  const csv = createReporter("csv").render(fixtureInput());
  const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;

  it("writes a header and one row per arm × case with exact figures", () => {
    expect(csv.split("\r\n")[0]).toBe(CSV_HEADER.join(","));
    expect(rows).toHaveLength(8);
    expect(rows[3]).toMatchObject({ arm: "support@gpt-4o-mini", case_id: "case-003", result: "fail", mean_score: "0", cost_usd: "0.00025", latency_ms: "400", reasons: "team: expected team=billing, got team=sales" });
    expect(rows[6]).toMatchObject({ case_id: "case-002", result: "error", mean_score: "0", cost_usd: "0", latency_ms: "", errored: "1", errors: "rate_limit: 429 Too Many Requests for case-002" });
    expect(rows[4]?.tags).toBe("billing;critical");
  });

  it("round-trips quotes and commas and defuses text that would run as a spreadsheet formula", () => {
    expect(rows[0]?.output).toBe('{"team":"billing"} for case-000');
    const input = fixtureInput();
    const first = input.runs[0]?.attempts[0];
    if (!first?.output) throw new Error("fixture has output");
    first.output.text = '=HYPERLINK("http://x","y"), done';
    const parsed = parse(createReporter("csv").render(input), { columns: true }) as Array<Record<string, string>>;
    expect(parsed[0]?.output).toBe(`'=HYPERLINK("http://x","y"), done`);
  });
});
