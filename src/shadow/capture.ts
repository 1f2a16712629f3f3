import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/**
 * A bounded copy of a production reply as it streams through the proxy, each chunk with
 * its arrival time (what the recorded arm's time to first token is read from later). It
 * only holds references to the chunks the pass-through already has: nothing is parsed or
 * copied on the reply's path. Past `limitBytes` it stops keeping and marks itself
 * truncated: such a reply is passed on whole but not mirrored.
 */
export interface ReplyCapture {
  readonly chunks: Buffer[];
  /** Milliseconds since the request arrived, one per chunk. */
  readonly arrivals: number[];
  bytes: number;
  truncated: boolean;
  /** Milliseconds since the request arrived when the reply ended (null while it streams, or if it broke). */
  endedAt: number | null;
}

export function createReplyCapture(): ReplyCapture {
  return { chunks: [], arrivals: [], bytes: 0, truncated: false, endedAt: null };
}

/** Keeps a chunk unless the capture is full. */
export function keepChunk(capture: ReplyCapture, chunk: Buffer, atMs: number, limitBytes: number): void {
  if (capture.truncated) return;
  if (capture.bytes + chunk.length > limitBytes) {
    capture.truncated = true;
    capture.chunks.length = 0;
    capture.arrivals.length = 0;
    return;
  }
  capture.chunks.push(chunk);
  capture.arrivals.push(atMs);
  capture.bytes += chunk.length;
}

/**
 * The body as the upstream meant it: a compressed reply (`content-encoding`, passed to the
 * caller as it came) is inflated here, after the fact, and then counts as one chunk that
 * arrived with the first.
 */
export function decodedCapture(capture: ReplyCapture, encoding: string | null): Pick<ReplyCapture, "chunks" | "arrivals"> {
  const coding = (encoding ?? "").trim().toLowerCase();
  if (coding === "" || coding === "identity") return capture;
  const whole = Buffer.concat(capture.chunks);
  const body = coding === "gzip" || coding === "x-gzip" ? gunzipSync(whole) : coding === "deflate" ? inflateSync(whole) : coding === "br" ? brotliDecompressSync(whole) : null;
  if (body === null) throw new Error(`content-encoding ${coding} is not one evalgate reads`);
  return { chunks: [body], arrivals: [capture.arrivals[0] ?? 0] };
}

/** The whole (decoded) body as text. */
export function capturedText(capture: Pick<ReplyCapture, "chunks">): string {
  return Buffer.concat(capture.chunks).toString("utf8");
}
