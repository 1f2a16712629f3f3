import { expect, test } from "vitest";
import { AnswerPlacer } from "./placement.js";

const placer = new AnswerPlacer({
  entries: [
    { caseId: "short", keys: ["refund"], answer: "a" },
    { caseId: "long", keys: ["refund for order 12"], answer: "b" },
    { caseId: "exact", keys: ["Where is my parcel?"], answer: "c" },
  ],
});

test("an exact match on a key wins over containment", () => {
  expect(placer.place(["Where is my parcel?"])?.caseId).toBe("exact");
});

test("containment picks the longest key the text contains", () => {
  expect(placer.place(["Please process the refund for order 12 today"])?.caseId).toBe("long");
  expect(placer.place(["I want a refund"])?.caseId).toBe("short");
});

test("the most recent user turn is tried before earlier ones, and no match gives null", () => {
  expect(placer.place(["Where is my parcel?", "refund"])?.caseId).toBe("exact");
  expect(placer.place(["hello", "Where is my parcel?"])?.caseId).toBe("exact");
  expect(placer.place(["nothing relevant"])).toBeNull();
});
