import { describe, expect, it } from "vitest";
import { createDailyBudget } from "./daily-budget.js";

describe("the mirror's daily budget", () => {
  it("reserves worst cases, settles actual costs, pauses at the cap until the next UTC midnight, then resumes", () => {
    let now = Date.parse("2026-12-01T22:00:00.000Z");
    const budget = createDailyBudget(1.0, () => now);
    // $0.40 worst case each: two fit beside each other (0.80), a third does not (1.20 > 1.00).
    const a = budget.reserve(0.4);
    const b = budget.reserve(0.4);
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    a!.settle(0.1);
    b!.settle(0.15);
    expect(budget.state()).toMatchObject({ spentUsd: 0.25, reservedUsd: 0, pausedUntil: null });
    // 0.25 + 0.40 + 0.40 = 1.05: the second does not fit and pauses the day.
    budget.reserve(0.4)!.settle(0.4);
    expect(budget.reserve(0.4)).toBeNull();
    expect(budget.state()).toMatchObject({ day: "2026-12-01", pausedUntil: "2026-12-02T00:00:00.000Z", pausedDays: 1 });
    // Paused means paused: even a cheap mirror waits for tomorrow.
    expect(budget.reserve(0.01)).toBeNull();
    now = Date.parse("2026-12-02T00:00:01.000Z");
    expect(budget.state()).toMatchObject({ day: "2026-12-02", spentUsd: 0, pausedUntil: null });
    expect(budget.reserve(0.4)).not.toBeNull();
  });

  it("holds an unpriced reply at its worst case", () => {
    const budget = createDailyBudget(1.0, () => Date.parse("2026-12-01T10:00:00.000Z"));
    budget.reserve(0.3)!.settle(null);
    expect(budget.state().spentUsd).toBeCloseTo(0.3, 10);
  });
});
