import { describe, expect, it } from "vitest";
import { createReplyCapture } from "./capture.js";
import type { Exchange } from "./exchange.js";
import { drawn, selectForMirror, type SelectionOptions } from "./select.js";

const OPTIONS: SelectionOptions = { share: 0.25, seed: 7, models: [], paths: [], metadata: [], mirrorStateful: false };

function exchange(body: unknown, over: Partial<Exchange> = {}): Exchange {
  const capture = createReplyCapture();
  capture.endedAt = 12;
  return {
    method: "POST",
    path: "/v1/chat/completions",
    api: "chat",
    requestBody: Buffer.from(JSON.stringify(body)),
    status: 200,
    contentType: "application/json",
    contentEncoding: null,
    requestId: null,
    modelledLatency: null,
    capture,
    receivedAt: "2026-12-01T00:00:00.000Z",
    ...over,
  };
}

describe("the mirror's draw", () => {
  it("mirrors each request with probability `share`: 10,000 arrivals land within 4σ of 2,500, and the same seed draws the same requests", () => {
    const n = 10_000;
    const picks = Array.from({ length: n }, (_, i) => drawn(OPTIONS, i + 1));
    const mirrored = picks.filter(Boolean).length;
    // Binomial(10,000, 0.25): mean 2,500, σ = √(10,000 · 0.25 · 0.75) ≈ 43.3.
    expect(Math.abs(mirrored - 2500)).toBeLessThan(4 * Math.sqrt(n * 0.25 * 0.75));
    expect(Array.from({ length: n }, (_, i) => drawn(OPTIONS, i + 1))).toEqual(picks);
    const other = Array.from({ length: n }, (_, i) => drawn({ ...OPTIONS, seed: 8 }, i + 1));
    expect(other).not.toEqual(picks);
    expect(drawn({ ...OPTIONS, share: 0 }, 1)).toBe(false);
    expect(drawn({ ...OPTIONS, share: 1 }, 1)).toBe(true);
  });
});

describe("which requests are eligible", () => {
  const all = { ...OPTIONS, share: 1 };
  it("passes files, batches and other routes through without mirroring", () => {
    expect(selectForMirror(all, exchange({}, { path: "/v1/files", api: null, requestBody: null }), 1)).toEqual({ mirror: false, reason: "stateful" });
    expect(selectForMirror(all, exchange({}, { path: "/v1/batches/b_1/cancel", api: null }), 1)).toEqual({ mirror: false, reason: "stateful" });
    expect(selectForMirror(all, exchange({}, { method: "GET", path: "/v1/models", api: null, requestBody: null }), 1)).toEqual({ mirror: false, reason: "route" });
  });

  it("leaves out failed, cut and oversized replies and unparsable bodies", () => {
    expect(selectForMirror(all, exchange({ model: "m" }, { status: 429 }), 1)).toMatchObject({ reason: "production_error" });
    const cut = exchange({ model: "m" });
    cut.capture.endedAt = null;
    expect(selectForMirror(all, cut, 1)).toMatchObject({ reason: "too_large" });
    expect(selectForMirror(all, exchange(null, { requestBody: Buffer.from("{not json") }), 1)).toMatchObject({ reason: "unparsable" });
  });

  it("applies --model, --path and --metadata before the draw", () => {
    const body = { model: "gpt-4.1-mini", metadata: { feature: "triage" }, messages: [] };
    expect(selectForMirror({ ...all, models: ["gpt-5-mini"] }, exchange(body), 1)).toMatchObject({ reason: "filtered" });
    expect(selectForMirror({ ...all, models: ["gpt-4.1-mini"] }, exchange(body), 1)).toMatchObject({ mirror: true });
    expect(selectForMirror({ ...all, paths: ["/v1/responses"] }, exchange(body), 1)).toMatchObject({ reason: "filtered" });
    expect(selectForMirror({ ...all, metadata: [{ key: "feature", value: "search" }] }, exchange(body), 1)).toMatchObject({ reason: "filtered" });
    expect(selectForMirror({ ...all, metadata: [{ key: "feature", value: "triage" }] }, exchange(body), 1)).toMatchObject({ mirror: true });
  });

  it("never mirrors store: true or a continued response unless --mirror-stateful", () => {
    expect(selectForMirror(all, exchange({ model: "m", store: true }), 1)).toMatchObject({ reason: "stateful" });
    expect(selectForMirror(all, exchange({ model: "m", previous_response_id: "resp_1" }, { api: "responses", path: "/v1/responses" }), 1)).toMatchObject({ reason: "stateful" });
    expect(selectForMirror({ ...all, mirrorStateful: true }, exchange({ model: "m", store: true }), 1)).toMatchObject({ mirror: true });
  });
});
