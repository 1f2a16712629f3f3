import { createReadStream } from "node:fs";
import { EvalgateError } from "../core/index.js";

export interface Line {
  /** 1-based. */
  line: number;
  text: string;
}

/**
 * The lines of a file, streamed (never the whole file in memory); a line longer than
 * `maxBytes` is an error naming file:line, raised before it is held whole.
 */
export async function* readLines(file: string, shownAs: string, maxBytes: number): AsyncGenerator<Line> {
  let stream: ReturnType<typeof createReadStream>;
  try {
    stream = createReadStream(file, { highWaterMark: 256 * 1024 });
    await new Promise<void>((ok, fail) => stream.once("open", () => ok()).once("error", fail));
  } catch {
    throw new EvalgateError("FILE_NOT_FOUND", `cannot read ${shownAs}`, { location: { file: shownAs }, hint: "check the path" });
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 1;
  const take = (tail: Buffer): Line => {
    const bytes = pending.length ? Buffer.concat([...pending, tail]) : tail;
    pending = [];
    pendingBytes = 0;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new EvalgateError("TRAFFIC_INVALID", `line ${line} is not UTF-8 text`, { location: { file: shownAs, line, col: 1 }, hint: "save the log as UTF-8" });
    }
    return { line: line++, text: text.endsWith("\r") ? text.slice(0, -1) : text };
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const tail = chunk.subarray(start, nl);
      if (pendingBytes + tail.length > maxBytes) throw tooLong(shownAs, line, maxBytes);
      yield take(tail);
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    pendingBytes += rest.length;
    if (pendingBytes > maxBytes) {
      stream.destroy();
      throw tooLong(shownAs, line, maxBytes);
    }
    if (rest.length) pending.push(Buffer.from(rest));
  }
  if (pendingBytes > 0) yield take(Buffer.alloc(0));
}

function tooLong(file: string, line: number, maxBytes: number): EvalgateError {
  return new EvalgateError("TRAFFIC_INVALID", `line ${line} is longer than ${maxBytes.toLocaleString("en-US")} bytes`, {
    location: { file, line, col: 1 },
    hint: "each logged exchange is one JSON object on one line; a longer one is refused rather than held in memory",
  });
}
