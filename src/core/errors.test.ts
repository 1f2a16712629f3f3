import { describe, expect, it } from "vitest";
import { EvalgateError, printable } from "./errors.js";

describe("error messages", () => {
  it("escape newlines, control characters and bidi controls from quoted values", () => {
    expect(printable("a\nb\u202Ec\u0007d\u2066")).toBe("a\\u000ab\\u202ec\\u0007d\\u2066");
    expect(printable("plain — ünïcödé 日本")).toBe("plain — ünïcödé 日本");
  });

  it("print one line for the message and one for the hint, whatever the values held", () => {
    const e = new EvalgateError("SUITE_INVALID", "unknown tag `x\nerror[FORGED] all good\u202E`", { hint: "remove\r\nit", location: { file: "s.yaml", line: 3, col: 5 } });
    const lines = e.format().split("\n");
    expect(lines).toEqual(["error[SUITE_INVALID] s.yaml:3:5: unknown tag `x\\u000aerror[FORGED] all good\\u202e`", "  remove\\u000d\\u000ait"]);
  });
});
