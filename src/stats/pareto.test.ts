import { describe, expect, it } from "vitest";
import { paretoFrontier } from "./pareto.js";

describe("paretoFrontier", () => {
  // a is cheapest; b is better for more; c costs b's price for a's quality (dominated by a);
  // d matches b's quality for more (dominated by b); e has no price.
  it("keeps the points no other is as cheap and as good as, cheapest first", () => {
    const points = [
      { key: "d", cost: 3, quality: 0.95 },
      { key: "b", cost: 2, quality: 0.95 },
      { key: "c", cost: 2, quality: 0.9 },
      { key: "a", cost: 1, quality: 0.9 },
      { key: "e", cost: null, quality: 1 },
    ];
    expect(paretoFrontier(points)).toEqual(["a", "b"]);
  });

  it("keeps both of two identical points, and a lone point", () => {
    expect(paretoFrontier([{ key: "x", cost: 1, quality: 0.5 }, { key: "y", cost: 1, quality: 0.5 }])).toEqual(["x", "y"]);
    expect(paretoFrontier([{ key: "x", cost: 1, quality: 0.5 }])).toEqual(["x"]);
    expect(paretoFrontier([])).toEqual([]);
  });
});
