/**
 * The simulator rejects what the real API rejects (tests/sim/invalid-requests.table.ts),
 * with the API's status, `type`, `code` and `param`, in an error body that validates
 * against the spec; and a suite that configures `sim.models.default` is served any model.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { buildSimApp } from "../../src/sim/index.js";
import { specErrors } from "../helpers/openapi.js";
import { INVALID_REQUESTS } from "./invalid-requests.table.js";

const app = buildSimApp({ seed: 1, models: { "sim-plain": { reasoning: false }, "sim-reasoner": { reasoning: true } } });
afterAll(async () => app.close());

const AUTH = { authorization: "Bearer sk-test", "content-type": "application/json" };

test("the table holds at least 40 invalid requests, each listed in docs/simulator.md", () => {
  expect(INVALID_REQUESTS.length).toBeGreaterThanOrEqual(40);
  expect(new Set(INVALID_REQUESTS.map((r) => r.name)).size).toBe(INVALID_REQUESTS.length);
  const docs = readFileSync(new URL("../../docs/simulator.md", import.meta.url), "utf8");
  const listed = docs.slice(docs.indexOf("## What it rejects"), docs.indexOf("## What it honours"));
  for (const r of INVALID_REQUESTS) expect(listed, `docs row for ${r.name}`).toContain(`| ${r.name} | ${r.status} |`);
});

describe("an invalid request gets the real API's error", () => {
  test.each(INVALID_REQUESTS.map((r) => [r.name, r] as const))("%s", async (_name, row) => {
    const res = await app.inject({
      method: row.method ?? "POST",
      url: row.path,
      headers: AUTH,
      ...(row.body ? { payload: JSON.stringify(row.body) } : {}),
    });
    const body = res.json() as { error: { type: string; code: string | null; param: string | null; message: string } };
    expect({ status: res.statusCode, type: body.error?.type, code: body.error?.code, param: body.error?.param }, body.error?.message).toEqual({
      status: row.status,
      type: "invalid_request_error",
      code: row.code,
      param: row.param,
    });
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(specErrors("ErrorResponse", body)).toEqual([]);
  });
});

describe("each row is the only thing wrong with its request", () => {
  const ok = buildSimApp({ seed: 1, models: { "sim-plain": { reasoning: false }, "sim-reasoner": { reasoning: true } } });
  afterAll(async () => ok.close());
  test("the same requests without their fault are answered", async () => {
    const bodies = [
      { path: "/v1/responses", body: { model: "gpt-4.1-mini", input: "Where is order 7?", text: { format: { type: "text" } } } },
      { path: "/v1/chat/completions", body: { model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }], reasoning_effort: "low" } },
      { path: "/v1/responses", body: { model: "gpt-5-mini", input: "hi", reasoning: { effort: "low", summary: "auto" } } },
      { path: "/v1/chat/completions", body: { model: "gpt-4.1-mini", messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }], temperature: 2, top_p: 1, n: 2, logprobs: true, top_logprobs: 20, stop: ["a", "b", "c", "d"], seed: 3 } },
    ];
    for (const { path, body } of bodies) {
      const res = await ok.inject({ method: "POST", url: path, headers: AUTH, payload: JSON.stringify(body) });
      expect(res.statusCode, res.body).toBe(200);
    }
  });
});

test("with sim.models.default any model name is served, as a suite that sets it asks", async () => {
  const lax = buildSimApp({ models: { default: { accuracy: 1 } } });
  const res = await lax.inject({ method: "POST", url: "/v1/chat/completions", headers: AUTH, payload: JSON.stringify({ model: "my-finetune", messages: [{ role: "user", content: "hi" }] }) });
  expect(res.statusCode).toBe(200);
  expect((await lax.inject({ method: "GET", url: "/v1/models/my-finetune", headers: AUTH })).statusCode).toBe(200);
  await lax.close();
});
