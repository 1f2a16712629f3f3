import { describe, expect, it } from "vitest";
import { resolveViewToken } from "../cli/commands/view.js";
import { isLoopbackHost, requestToken, tokenMatches } from "./auth.js";

describe("token", () => {
  it("matches only the exact token, whatever the lengths", () => {
    expect(tokenMatches("s3cret", "s3cret")).toBe(true);
    expect(tokenMatches("s3cret", "s3cre")).toBe(false);
    expect(tokenMatches("s3cret", "s3cret ")).toBe(false);
    expect(tokenMatches("s3cret", "")).toBe(false);
    expect(tokenMatches("s3cret", undefined)).toBe(false);
  });

  it("reads a Bearer header first, then the token query param", () => {
    expect(requestToken("Bearer abc", { token: "def" })).toBe("abc");
    expect(requestToken("bearer  abc ", {})).toBe("abc");
    expect(requestToken(undefined, { token: "def" })).toBe("def");
    expect(requestToken("Basic abc", { token: ["a", "b"] })).toBeUndefined();
  });
});

describe("binding", () => {
  it("treats 127.0.0.0/8, ::1 and localhost as loopback, and nothing else", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"]) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "example.com", "127.0.0.1.nip.io"]) expect(isLoopbackHost(h), h).toBe(false);
  });

  it("refuses a non-loopback host without a token, taking --token over EVALGATE_TOKEN", () => {
    expect(() => resolveViewToken("0.0.0.0", undefined, {})).toThrow(/without a token/);
    expect(() => resolveViewToken("0.0.0.0", "  ", {})).toThrow(/without a token/);
    expect(resolveViewToken("0.0.0.0", undefined, { EVALGATE_TOKEN: "env" })).toBe("env");
    expect(resolveViewToken("0.0.0.0", "flag", { EVALGATE_TOKEN: "env" })).toBe("flag");
    expect(resolveViewToken("127.0.0.1", undefined, {})).toBeUndefined();
  });
});
