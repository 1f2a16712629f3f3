import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { openStore, type Store } from "../store/index.js";
import { ARM_A, makeAttempt, makeCases, makeRun, makeSuite } from "../store/store-fixtures.js";
import { buildApp, routeTable } from "./app.js";

const TOKEN = "s3cret-token";
const RUN = "run_20261125T100000Z_aaaaaa";
let dir: string;
let store: Store;
let locked: FastifyInstance;
let open: FastifyInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "evalgate-sec-"));
  const path = join(dir, "e.db");
  const w = await openStore(path);
  const cases = makeCases(1);
  await w.createRun(makeRun({ id: RUN }), makeSuite(), cases);
  await w.recordAttempt(makeAttempt({ runId: RUN, caseId: cases[0]!.id, arm: ARM_A.arm }, true));
  await w.finishRun(RUN, "completed", "2026-11-25T10:05:00.000Z");
  await w.close();
  mkdirSync(join(dir, "static"), { recursive: true });
  writeFileSync(join(dir, "static", "index.html"), "<!doctype html><title>evalgate</title>");
  store = await openStore(path, { readonly: true });
  locked = buildApp({ store, token: TOKEN, host: "0.0.0.0", staticDir: join(dir, "static") });
  open = buildApp({ store, staticDir: join(dir, "static") });
});

afterAll(async () => {
  await locked.close();
  await open.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Each guarded route of the real table, its params filled with ids that exist (a 404 would prove nothing). */
function guardedUrls(app: FastifyInstance): string[] {
  const fill: Record<string, string> = { id: RUN, case: makeCases(1)[0]!.id, arm: ARM_A.arm, repeat: "0", name: makeSuite().name };
  const urls = routeTable(app)
    .filter((r) => r.method === "GET" && !r.public)
    .map((r) => r.url.replace(/:(\w+)/g, (_m, p: string) => encodeURIComponent(fill[p] ?? p)));
  return urls.filter((u) => !u.startsWith("/api/comparisons/"));
}

/** Spellings of /api/... that a raw-string check misses. */
function variants(url: string): string[] {
  const rest = url.slice("/api".length);
  return [url, `/%61pi${rest}`, `/a%70i${rest}`, `/ap%69${rest}`, `/%41PI${rest}`, `/API${rest}`, `//api${rest}`, `/api/../api${rest}`, `/./api${rest}`, `/api%2F${rest.slice(1)}`, `/%2Fapi${rest}`, `${url}?token=${TOKEN}`];
}

describe("token guard on the matched route", () => {
  it("covers every API route of the table", async () => {
    const urls = guardedUrls(locked);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const url of urls) {
      const ok = await locked.inject({ url, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.statusCode, url).toBe(200);
      expect(ok.headers["cache-control"], url).toBe("no-store");
    }
  });

  it("refuses every spelling of every API route without the token, and serves the real ones with it", async () => {
    for (const url of guardedUrls(locked)) {
      for (const v of variants(url)) {
        const none = await locked.inject({ url: v });
        expect(none.statusCode, v).toBe(401);
        expect(none.json(), v).toMatchObject({ error: { code: "UNAUTHORIZED" } });
        expect(none.headers["cache-control"], v).toBe("no-store");
      }
      for (const v of [`/%61pi${url.slice(4)}`, `/a%70i${url.slice(4)}`, `/ap%69${url.slice(4)}`]) {
        expect((await locked.inject({ url: v, headers: { cookie: `evalgate-token=${TOKEN}` } })).statusCode, v).toBe(200);
      }
    }
  });

  it("guards unmatched paths and other methods too", async () => {
    expect((await locked.inject({ method: "POST", url: "/api/runs" })).statusCode).toBe(401);
    expect((await locked.inject({ method: "DELETE", url: "/anything" })).statusCode).toBe(401);
  });
});

describe("?token= exchange", () => {
  it("swaps a page load's ?token= for an HttpOnly cookie by redirecting to the same URL without it", async () => {
    const res = await locked.inject({ url: `/?a=1&token=${TOKEN}` });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe("/?a=1");
    expect(res.headers["set-cookie"]).toBe(`evalgate-token=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
    const cookie = String(res.headers["set-cookie"]).split(";")[0]!;
    expect((await locked.inject({ url: "/api/runs", headers: { cookie } })).statusCode).toBe(200);
    expect((await locked.inject({ url: "/" })).statusCode).toBe(200);
  });

  it("never redirects off-site, and refuses a wrong token", async () => {
    expect((await locked.inject({ url: `//attacker.test/?token=${TOKEN}` })).headers.location).toBe("/attacker.test/");
    expect((await locked.inject({ url: `/?token=nope` })).statusCode).toBe(401);
  });
});

describe("Host check (DNS rebinding)", () => {
  it("refuses a foreign Host on every route, static files included, naming the fix", async () => {
    for (const url of ["/", "/api/runs", "/index.html", "/nowhere"]) {
      const res = await open.inject({ url, headers: { host: "attacker.test" } });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe("BAD_HOST");
      expect(res.json().error.message).toContain("evalgate view --host NAME");
    }
    expect((await open.inject({ url: "/api/runs", headers: { host: "127.0.0.1:4173" } })).statusCode).toBe(200);
    expect((await open.inject({ url: "/api/runs", headers: { host: "[::1]:4173" } })).statusCode).toBe(200);
  });

  it("accepts the configured --host name", async () => {
    const named = buildApp({ store, host: "dash.lan", token: TOKEN });
    expect((await named.inject({ url: "/api/runs", headers: { host: "dash.lan:4173", authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await named.inject({ url: "/api/runs", headers: { host: "attacker.test", authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(403);
    await named.close();
  });

  it("refuses a foreign Host on a real listening server", async () => {
    const app = buildApp({ store, staticDir: join(dir, "static") });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as { port: number }).port;
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: "127.0.0.1", port, path: "/api/runs", headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on("error", reject).end();
      });
    try {
      expect(await status("attacker.test")).toBe(403);
      expect(await status(`attacker.test:${port}`)).toBe(403);
      expect(await status(`127.0.0.1:${port}`)).toBe(200);
      expect(await status(`localhost:${port}`)).toBe(200);
    } finally {
      await app.close();
    }
  });
});
