import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createOpenAIProvider } from "../../src/providers/index.js";
import { startSimulator } from "../../src/sim/index.js";
import { specErrors } from "../helpers/openapi.js";

it("embeddings come back one float vector per input, in order, from a float request carrying the attempt header", async () => {
  const dir = mkdtempSync(join(tmpdir(), "evalgate-embed-"));
  const logFile = join(dir, "log.jsonl");
  const sim = await startSimulator({ seed: 1 }, undefined, { port: 0, logFile });
  try {
    const provider = createOpenAIProvider({ baseURL: sim.url, apiKey: "sk-sim", timeoutMs: 5_000, maxRetries: 0 });
    const r = await provider.embed!({ model: "text-embedding-3-small", input: ["refund please", "where is my parcel", "refund please"], attempt: "judge-1/0" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.tries).toBe(1);
    const [a, b, c] = r.embeddings.vectors;
    expect(r.embeddings.vectors).toHaveLength(3);
    expect(a!.length).toBeGreaterThan(0);
    expect(a!.every((x) => typeof x === "number")).toBe(true);
    expect(c).toEqual(a);
    expect(b).not.toEqual(a);
    expect(r.embeddings.usage!.inputTokens).toBeGreaterThan(0);
    await sim.close();
    await new Promise((res) => setTimeout(res, 50));
    const [line] = readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { attempt: string; body: unknown });
    expect(line!.attempt).toBe("judge-1/0");
    expect(line!.body).toMatchObject({ encoding_format: "float" });
    expect(specErrors("CreateEmbeddingRequest", line!.body)).toEqual([]);
  } finally {
    await sim.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
