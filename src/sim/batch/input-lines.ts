/** One request line of a batch input file (the API's "request input" object). */
export interface BatchInputLine {
  customId: string;
  body: unknown;
  /** 1-based, as the API's errors count lines. */
  line: number;
}

/** An input-file problem as the API's `BatchError` reports it. */
export interface BatchLineError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** The API's limit on requests in one input file. */
export const MAX_REQUESTS_PER_FILE = 50_000;

/**
 * Reads a batch input file as the API validates it: every non-empty line a JSON object with
 * a unique string `custom_id`, `method: "POST"`, the batch's `url` and an object `body`, and
 * at most 50,000 of them. Any error fails the whole batch (status `failed`, its `errors`).
 */
export function readInputLines(text: string, endpoint: string): { lines: BatchInputLine[]; errors: BatchLineError[] } {
  const lines: BatchInputLine[] = [];
  const errors: BatchLineError[] = [];
  const seen = new Set<string>();
  const rows = text.split("\n");
  rows.forEach((raw, i) => {
    if (raw.trim() === "") return;
    const line = i + 1;
    const problem = lineProblem(raw, endpoint, seen);
    if (typeof problem === "string") errors.push({ code: "invalid_request", message: `Line ${line}: ${problem}`, param: null, line });
    else lines.push({ ...problem, line });
  });
  if (lines.length + errors.length === 0) errors.push({ code: "empty_file", message: "The input file has no request.", param: null, line: null });
  if (lines.length > MAX_REQUESTS_PER_FILE) {
    errors.push({ code: "too_many_requests", message: `The input file has ${lines.length} requests; a batch takes at most ${MAX_REQUESTS_PER_FILE}.`, param: null, line: null });
  }
  return { lines, errors };
}

function lineProblem(raw: string, endpoint: string, seen: Set<string>): string | Omit<BatchInputLine, "line"> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return "not valid JSON.";
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return "a request must be a JSON object.";
  const o = parsed as Record<string, unknown>;
  if (typeof o.custom_id !== "string" || o.custom_id === "") return "custom_id must be a non-empty string.";
  if (seen.has(o.custom_id)) return `custom_id ${JSON.stringify(o.custom_id)} is used by an earlier line; each must be unique.`;
  seen.add(o.custom_id);
  if (o.method !== "POST") return "method must be POST.";
  if (o.url !== endpoint) return `url ${JSON.stringify(o.url)} does not match the batch's endpoint ${endpoint}.`;
  if (o.body === null || typeof o.body !== "object" || Array.isArray(o.body)) return "body must be a JSON object.";
  return { customId: o.custom_id, body: o.body };
}
