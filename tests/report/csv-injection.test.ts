import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { createReporter } from "../../src/report/index.js";
import { fixtureInput } from "./fixtures.js";

describe("CSV reporter: formula injection", () => {
  it("defuses every cell that starts with = + - @ TAB or CR, model names and tags included", () => {
    const input = fixtureInput();
    const run = input.runs[0]!;
    run.run.suite = "+suite";
    run.run.arms = run.run.arms.map((a, i) => ({ ...a, model: i === 0 ? '=HYPERLINK("http://x","y")' : "@SUM(A1)" }));
    const first = run.cases!.find((c) => c.id === "case-000")!;
    first.tags = ["-2+3", "\tcmd", "\rx", "ok"];
    const rows = parse(createReporter("csv").render(input), { columns: true }) as Array<Record<string, string>>;
    const row = rows.find((r) => r.case_id === "case-000")!;
    expect(rows.every((r) => r.suite === "'+suite")).toBe(true);
    expect(row.model).toBe(`'=HYPERLINK("http://x","y")`);
    expect(rows.some((r) => r.model === "'@SUM(A1)")).toBe(true);
    expect(row.tags).toBe("'-2+3;\tcmd;\rx;ok");
    // Cells that cannot start a formula are written as they are.
    expect(row.case_id).toBe("case-000");
    expect(row.cost_usd).toMatch(/^[0-9.]+$/);
  });

  it("defuses a tag list whose first tag starts with a tab", () => {
    const input = fixtureInput();
    input.runs[0]!.cases!.find((c) => c.id === "case-000")!.tags = ["\tcmd"];
    const rows = parse(createReporter("csv").render(input), { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.case_id === "case-000")!.tags).toBe("'\tcmd");
  });
});
