/**
 * The simulator's Batch API through the official SDK, on a clock the test moves: the
 * stages, answers equal to live ones, per-line errors, a failed input file, expiry,
 * cancellation, list pagination and the files endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type OpenAI from "openai";
import { startSimulator, type RunningSimulator } from "../../src/sim/index.js";
import { fileLines, inputJsonl, sdkClient, submit } from "./batch-client.js";
import { chatBody, responsesBody } from "./request-bodies.js";
import { jsonKey, postJson, routingIndex, textKey } from "./sim-client.js";

const STAGE_S = 10;
let now = Date.UTC(2026, 0, 5, 12, 0, 0);
let sim: RunningSimulator;
let client: OpenAI;
const later = (stages: number) => (now += stages * STAGE_S * 1000);

beforeAll(async () => {
  sim = await startSimulator(
    { seed: 5, models: { "sim-noisy": { accuracy: 0.4 }, "sim-reasoner": { reasoning: true } }, batch: { seconds_per_stage: STAGE_S, expire_after_s: 100 } },
    routingIndex(6),
    { clock: () => now },
  );
  client = sdkClient(sim.url);
});
afterAll(async () => sim.close());

interface OutLine {
  custom_id: string;
  response: { status_code: number; request_id: string; body: Record<string, unknown> } | null;
  error: { code: string; message: string } | null;
}

describe("a batch's stages", () => {
  it("moves validating → in_progress → finalizing → completed, one stage per seconds_per_stage, and answers each line as a live request", async () => {
    const lines = [0, 1, 2, 3, 4, 5].map((i) => ({ custom_id: `json-${i}/1`, body: chatBody({ model: "sim-noisy", user: jsonKey(i), shape: "json_loose", stream: false }) }));
    lines.push({ custom_id: "reasoner/0", body: { ...chatBody({ model: "sim-reasoner", user: textKey(0), shape: "text", stream: false }), temperature: 0.2 } });
    let batch = await submit(client, "/v1/chat/completions", inputJsonl("/v1/chat/completions", lines), { run: "r1", chunk: "p@chat#0" });
    expect(batch).toMatchObject({ status: "validating", endpoint: "/v1/chat/completions", metadata: { run: "r1", chunk: "p@chat#0" } });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      later(1);
      batch = await client.batches.retrieve(batch.id);
      statuses.push(batch.status);
    }
    expect(statuses).toEqual(["in_progress", "finalizing", "completed"]);
    expect(batch.request_counts).toEqual({ total: 7, completed: 6, failed: 1 });

    const output = await fileLines<OutLine>(client, batch.output_file_id);
    expect(output.map((l) => l.custom_id)).toEqual(lines.slice(0, 6).map((l) => l.custom_id));
    for (const [i, line] of output.entries()) {
      // The same request sent live, as the same attempt (CASE/REPEAT), gets the same answer and usage.
      const live = JSON.parse((await postJson(sim.url, "/chat/completions", lines[i]!.body, { "x-evalgate-attempt": line.custom_id })).text);
      const body = line.response!.body as { choices: unknown; usage: unknown };
      expect(line.response?.status_code).toBe(200);
      expect(body.choices).toEqual(live.choices);
      expect(body.usage).toEqual(live.usage);
    }
    const errors = await fileLines<OutLine>(client, batch.error_file_id);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ custom_id: "reasoner/0", response: { status_code: 400, body: { error: { param: "temperature", code: "unsupported_parameter" } } }, error: null });
  });

  it("answers Responses lines too, and rejects a streamed line in the error file", async () => {
    const lines = [
      { custom_id: "text-1/0", body: responsesBody({ model: "sim-noisy", user: textKey(1), shape: "text", stream: false }) },
      { custom_id: "text-2/0", body: responsesBody({ model: "sim-noisy", user: textKey(2), shape: "text", stream: true }) },
    ];
    let batch = await submit(client, "/v1/responses", inputJsonl("/v1/responses", lines));
    later(3);
    batch = await client.batches.retrieve(batch.id);
    expect(batch.status).toBe("completed");
    const [ok] = await fileLines<OutLine>(client, batch.output_file_id);
    expect(ok?.response?.body).toMatchObject({ object: "response", status: "completed" });
    const [rejected] = await fileLines<OutLine>(client, batch.error_file_id);
    expect(rejected).toMatchObject({ custom_id: "text-2/0", response: { status_code: 400, body: { error: { param: "stream" } } } });
  });

  it("fails a batch whose input file has invalid lines, naming each line", async () => {
    const good = inputJsonl("/v1/chat/completions", [{ custom_id: "a", body: chatBody({ model: "sim-noisy", user: "hi", shape: "text", stream: false }) }]);
    const text = `${good}not json\n${good}${JSON.stringify({ custom_id: "b", method: "POST", url: "/v1/responses", body: {} })}\n`;
    let batch = await submit(client, "/v1/chat/completions", text);
    later(1);
    batch = await client.batches.retrieve(batch.id);
    expect(batch.status).toBe("failed");
    expect(batch.errors?.data?.map((e) => [e.line, e.message])).toEqual([
      [2, "Line 2: not valid JSON."],
      [3, 'Line 3: custom_id "a" is used by an earlier line; each must be unique.'],
      [4, 'Line 4: url "/v1/responses" does not match the batch\'s endpoint /v1/chat/completions.'],
    ]);
    expect(batch.output_file_id).toBeUndefined();
  });

  it("expires a batch still unfinished at expire_after_s, every request in the error file as batch_expired", async () => {
    const lines = [{ custom_id: "json-0/0", body: chatBody({ model: "sim-noisy", user: jsonKey(0), shape: "text", stream: false }) }];
    const slow = await startSimulator({ seed: 5, batch: { seconds_per_stage: 60, expire_after_s: 90 } }, routingIndex(1), { clock: () => now });
    try {
      const slowClient = sdkClient(slow.url);
      let batch = await submit(slowClient, "/v1/chat/completions", inputJsonl("/v1/chat/completions", lines));
      later(8); // 80 s: validated at 60 s, in progress until 120 s, past the 90 s window
      batch = await slowClient.batches.retrieve(batch.id);
      expect(batch.status).toBe("in_progress");
      later(1);
      batch = await slowClient.batches.retrieve(batch.id);
      expect(batch).toMatchObject({ status: "expired", request_counts: { total: 1, completed: 0, failed: 1 } });
      expect(await fileLines<OutLine>(slowClient, batch.error_file_id)).toMatchObject([{ custom_id: "json-0/0", response: null, error: { code: "batch_expired" } }]);
    } finally {
      await slow.close();
    }
  });

  it("cancels through cancelling → cancelled, and refuses to cancel a finished batch", async () => {
    const lines = [{ custom_id: "json-1/0", body: chatBody({ model: "sim-noisy", user: jsonKey(1), shape: "text", stream: false }) }];
    let batch = await submit(client, "/v1/chat/completions", inputJsonl("/v1/chat/completions", lines));
    later(1);
    batch = await client.batches.cancel(batch.id);
    expect(batch.status).toBe("cancelling");
    later(1);
    batch = await client.batches.retrieve(batch.id);
    expect(batch.status).toBe("cancelled");
    expect(await fileLines<OutLine>(client, batch.error_file_id)).toMatchObject([{ custom_id: "json-1/0", error: { code: "batch_cancelled" } }]);
    await expect(client.batches.cancel((await client.batches.list({ limit: 100 })).data.find((b) => b.status === "completed")!.id)).rejects.toMatchObject({ status: 409 });
  });
});

describe("listing and files", () => {
  it("lists batches newest first, a page at a time after a cursor", async () => {
    const ids: string[] = [];
    for (let page = await client.batches.list({ limit: 2 }); ; page = await page.getNextPage()) {
      expect(page.data.length).toBeLessThanOrEqual(2);
      ids.push(...page.data.map((b) => b.id));
      if (!page.hasNextPage()) break;
    }
    const all = (await client.batches.list({ limit: 100 })).data.map((b) => b.id);
    expect(ids).toEqual(all);
    expect(all.length).toBe(4);
    const created = await Promise.all(all.map(async (id) => (await client.batches.retrieve(id)).created_at));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  it("retrieves, downloads and deletes a file; a missing file or batch is a 404", async () => {
    const file = await client.files.create({ file: new File(["{}\n"], "x.jsonl"), purpose: "batch" });
    expect(await client.files.retrieve(file.id)).toMatchObject({ id: file.id, bytes: 3, filename: "x.jsonl", purpose: "batch" });
    expect(await (await client.files.content(file.id)).text()).toBe("{}\n");
    expect(await client.files.delete(file.id)).toEqual({ id: file.id, object: "file", deleted: true });
    await expect(client.files.retrieve(file.id)).rejects.toMatchObject({ status: 404 });
    await expect(client.batches.retrieve("batch_nope")).rejects.toMatchObject({ status: 404 });
    await expect(client.files.create({ file: new File(["{}\n"], "x.jsonl"), purpose: "fine-tune" })).rejects.toMatchObject({ status: 400 });
  });
});
