import { describe, expect, it } from "vitest";
import { resolveViewToken } from "../cli/commands/view-action.js";
import { isLoopbackHost, parseCookies, requestToken, tokenCookie, tokenMatches } from "./auth.js";
import { hostAllowed, hostHeaderName } from "./host-check.js";

describe("token", () => {
  it("matches only the exact token, whatever the lengths", () => {
    expect(tokenMatches("s3cret", "s3cret")).toBe(true);
    expect(tokenMatches("s3cret", "s3cre")).toBe(false);
    expect(tokenMatches("s3cret", "s3cret ")).toBe(false);
    expect(tokenMatches("s3cret", "")).toBe(false);
    expect(tokenMatches("s3cret", undefined)).toBe(false);
  });

  it("reads a Bearer header first, then the token cookie, and never a query param", () => {
    expect(requestToken("Bearer abc", "evalgate-token=def")).toBe("abc");
    expect(requestToken("bearer  abc ", undefined)).toBe("abc");
    expect(requestToken(undefined, "a=1; evalgate-token=d%3Bef; b=2")).toBe("d;ef");
    expect(requestToken("Basic abc", "other=1")).toBeUndefined();
  });

  it("parses one Cookie header by hand: trims, first wins, quoted and undecodable values kept", () => {
    expect(parseCookies("a=1; b = two ;c=\"q\"; a=3; =x; novalue; d=%E0%A4%A")).toEqual({ a: "1", b: "two", c: "q", d: "%E0%A4%A" });
    expect(parseCookies(undefined)).toEqual({});
    expect(parseCookies("evalgate-token=x=y")).toEqual({ "evalgate-token": "x=y" });
    expect(parseCookies(tokenCookie("t;k n").split(";")[0])).toEqual({ "evalgate-token": "t;k n" });
  });

  it("sets the cookie HttpOnly, SameSite=Strict, for the whole site", () => {
    expect(tokenCookie("abc")).toBe("evalgate-token=abc; HttpOnly; SameSite=Strict; Path=/");
  });
});

describe("Host header", () => {
  it("reads the name without port or brackets", () => {
    expect(hostHeaderName("127.0.0.1:4173")).toBe("127.0.0.1");
    expect(hostHeaderName("[::1]:80")).toBe("::1");
    expect(hostHeaderName("LocalHost.")).toBe("localhost");
    expect(hostHeaderName(undefined)).toBe("");
  });

  it("accepts loopback names and the bound host, and refuses any other name", () => {
    for (const h of ["127.0.0.1:4173", "localhost", "localhost:1", "[::1]:4173", "127.9.9.9"]) expect(hostAllowed(h, "127.0.0.1", false), h).toBe(true);
    for (const h of ["attacker.test", "attacker.test:4173", "127.0.0.1.nip.io", "", undefined, "[::1", "0.0.0.0:4173"]) expect(hostAllowed(h, "127.0.0.1", false), String(h)).toBe(false);
    expect(hostAllowed("dash.lan:4173", "dash.lan", true)).toBe(true);
    expect(hostAllowed("DASH.lan", "dash.lan", true)).toBe(true);
    expect(hostAllowed("attacker.test", "dash.lan", true)).toBe(false);
    expect(hostAllowed("[fe80::1]:4173", "fe80::1", true)).toBe(true);
    expect(hostAllowed("192.168.1.10:4173", "0.0.0.0", true)).toBe(true);
    expect(hostAllowed("192.168.1.10:4173", "0.0.0.0", false)).toBe(false);
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
