/** Batch API helpers for simulator tests: the official SDK pointed at a simulator, and JSONL input files. */
import OpenAI, { toFile } from "openai";
import type { Batch } from "openai/resources/batches";

export function sdkClient(url: string): OpenAI {
  return new OpenAI({ baseURL: url, apiKey: "sk-test", maxRetries: 0 });
}

export interface InputLine {
  custom_id: string;
  body: Record<string, unknown>;
}

/** A JSONL input file for `endpoint`, one request a line. */
export function inputJsonl(endpoint: string, lines: InputLine[]): string {
  return lines.map((l) => JSON.stringify({ custom_id: l.custom_id, method: "POST", url: endpoint, body: l.body })).join("\n") + "\n";
}

/** Uploads the file (purpose batch) and creates a batch on it. */
export async function submit(client: OpenAI, endpoint: "/v1/chat/completions" | "/v1/responses", jsonl: string, metadata?: Record<string, string>): Promise<Batch> {
  const file = await client.files.create({ file: await toFile(Buffer.from(jsonl), "input.jsonl"), purpose: "batch" });
  return client.batches.create({ input_file_id: file.id, endpoint, completion_window: "24h", ...(metadata ? { metadata } : {}) });
}

/** A file's JSONL lines, parsed. */
export async function fileLines<T = Record<string, unknown>>(client: OpenAI, id: string | null | undefined): Promise<T[]> {
  if (!id) return [];
  const text = await (await client.files.content(id)).text();
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as T);
}
