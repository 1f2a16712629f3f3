/**
 * An HTTP/1.1 response read off a connection's bytes as they arrive (RFC 9112), for the lean
 * transport's own connections (http1-pool.ts): the status and headers, the body's bytes and
 * its end out. The body is framed as §6.3 tells a client to: no body after a 1xx (skipped),
 * a 204 or a 304; chunked when Transfer-Encoding ends in chunked; else Content-Length; else
 * until the connection closes. Anything else is a ProtocolError, and the connection is not
 * reused. What a server sends is bounded: the head and the trailers to 64 KiB, a chunk's
 * size line to 4 KiB.
 */

export interface ResponseHead {
  status: number;
  /** Lower-case names; a repeated header's values joined with ", ". */
  headers: Record<string, string>;
}

export interface ResponseSink {
  onHead(head: ResponseHead): void;
  onBody(bytes: Buffer): void;
  onEnd(): void;
}

/** The server broke HTTP/1.1's framing: the connection cannot be read further. */
export class ProtocolError extends Error {
  override name = "ProtocolError";
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_SIZE_LINE = 4 * 1024;
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9]\d\d)(?: [^\r\n]*)?$/;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const CHUNK_SIZE = /^[0-9A-Fa-f]{1,12}$/;

type State = "head" | "length" | "size" | "data" | "data-end" | "trailers" | "close" | "done";

export class ResponseReader {
  private state: State = "head";
  /** Bytes of a head, size line or trailer section not yet whole. */
  private pending: Buffer | null = null;
  private remaining = 0;
  private trailerBytes = 0;
  private keepAlive = false;
  private headSeen = false;

  constructor(private readonly sink: ResponseSink) {}

  /** The response ended, and the connection may carry the next request. */
  get reusable(): boolean {
    return this.state === "done" && this.keepAlive;
  }

  push(input: Buffer): void {
    let bytes = input;
    if (this.pending) {
      bytes = Buffer.concat([this.pending, input]);
      this.pending = null;
    }
    let at = 0;
    while (at < bytes.length) {
      switch (this.state) {
        case "head":
          at = this.readHead(bytes, at);
          break;
        case "length": {
          const n = Math.min(this.remaining, bytes.length - at);
          this.remaining -= n;
          this.sink.onBody(bytes.subarray(at, (at += n)));
          if (this.remaining === 0) this.finish();
          break;
        }
        case "size":
          at = this.readLine(bytes, at, MAX_SIZE_LINE, (line) => this.chunkSize(line));
          break;
        case "data": {
          const n = Math.min(this.remaining, bytes.length - at);
          this.remaining -= n;
          this.sink.onBody(bytes.subarray(at, (at += n)));
          if (this.remaining === 0) this.state = "data-end";
          break;
        }
        case "data-end":
          at = this.readLine(bytes, at, 2, (line) => {
            if (line !== "") throw new ProtocolError("a chunk's data ran past its size");
            this.state = "size";
          });
          break;
        case "trailers":
          at = this.readLine(bytes, at, MAX_HEAD_BYTES, (line) => {
            this.trailerBytes += line.length + 2;
            if (this.trailerBytes > MAX_HEAD_BYTES) throw new ProtocolError(`the trailers passed ${MAX_HEAD_BYTES} bytes`);
            if (line === "") this.finish();
          });
          break;
        case "close":
          this.sink.onBody(at === 0 ? bytes : bytes.subarray(at));
          at = bytes.length;
          break;
        case "done":
          throw new ProtocolError("the server sent bytes after its response ended");
      }
    }
  }

  /** The connection closed: the end of a body read until then, or a ProtocolError when the response was cut. */
  close(): void {
    if (this.state === "done") return;
    if (this.state !== "close") throw new ProtocolError(this.headSeen ? "the connection closed before the reply ended" : "socket hang up");
    this.keepAlive = false;
    this.finish();
  }

  private finish(): void {
    this.state = "done";
    this.sink.onEnd();
  }

  /** One CRLF-ended line from `at`, handed to `use`; or the bytes kept for the next push. */
  private readLine(bytes: Buffer, at: number, max: number, use: (line: string) => void): number {
    const end = bytes.indexOf("\r\n", at, "latin1");
    if (end === -1) {
      if (bytes.length - at > max) throw new ProtocolError(`a line passed ${max} bytes`);
      this.pending = Buffer.from(bytes.subarray(at));
      return bytes.length;
    }
    if (end - at > max) throw new ProtocolError(`a line passed ${max} bytes`);
    use(bytes.toString("latin1", at, end));
    return end + 2;
  }

  private chunkSize(line: string): void {
    const semicolon = line.indexOf(";");
    const digits = (semicolon === -1 ? line : line.slice(0, semicolon)).trimEnd();
    if (!CHUNK_SIZE.test(digits)) throw new ProtocolError(`a chunk size line reads ${JSON.stringify(line.slice(0, 40))}`);
    const size = Number.parseInt(digits, 16);
    if (size === 0) {
      this.state = "trailers";
      return;
    }
    this.remaining = size;
    this.state = "data";
  }

  private readHead(bytes: Buffer, at: number): number {
    const end = bytes.indexOf("\r\n\r\n", at, "latin1");
    if (end === -1) {
      if (bytes.length - at > MAX_HEAD_BYTES) throw new ProtocolError(`the response head passed ${MAX_HEAD_BYTES} bytes`);
      this.pending = Buffer.from(bytes.subarray(at));
      return bytes.length;
    }
    if (end - at > MAX_HEAD_BYTES) throw new ProtocolError(`the response head passed ${MAX_HEAD_BYTES} bytes`);
    const lines = bytes.toString("latin1", at, end).split("\r\n");
    const status = STATUS_LINE.exec(lines[0]!);
    if (!status) throw new ProtocolError(`the status line reads ${JSON.stringify(lines[0]!.slice(0, 40))}`);
    const code = Number(status[2]);
    const headers = parseHeaders(lines);
    if (code < 200) {
      // 100 Continue, 103 Early Hints: the final response follows on the same connection.
      if (code === 101) throw new ProtocolError("the server switched protocols");
      return end + 4;
    }
    this.headSeen = true;
    const connection = (headers["connection"] ?? "").toLowerCase();
    this.keepAlive = status[1] === "1" ? !/(^|[\s,])close($|[\s,])/.test(connection) : /(^|[\s,])keep-alive($|[\s,])/.test(connection);
    this.frame(code, headers);
    this.sink.onHead({ status: code, headers });
    if (this.state === "length" && this.remaining === 0) this.finish();
    else if (code === 204 || code === 304) this.finish();
    return end + 4;
  }

  /** RFC 9112 §6.3: how this response's body ends. */
  private frame(code: number, headers: Record<string, string>): void {
    if (code === 204 || code === 304) return;
    const te = headers["transfer-encoding"];
    const length = headers["content-length"];
    if (te !== undefined) {
      const codings = te.toLowerCase().split(",").map((c) => c.trim());
      // Both framings sent: Transfer-Encoding wins, and the connection is not trusted after.
      if (length !== undefined) this.keepAlive = false;
      if (codings[codings.length - 1] === "chunked") {
        this.state = "size";
        return;
      }
      this.keepAlive = false;
      this.state = "close";
      return;
    }
    if (length !== undefined) {
      const values = length.split(",").map((v) => v.trim());
      if (!values.every((v) => /^\d{1,15}$/.test(v) && v === values[0])) throw new ProtocolError(`Content-Length reads ${JSON.stringify(length.slice(0, 40))}`);
      this.remaining = Number(values[0]);
      this.state = "length";
      return;
    }
    this.keepAlive = false;
    this.state = "close";
  }
}

function parseHeaders(lines: string[]): Record<string, string> {
  // No prototype: a header named __proto__ is a header like any other.
  const headers = Object.create(null) as Record<string, string>;
  let last: string | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      // An obsolete folded line continues the last header's value (RFC 9112 §5.2).
      if (last === null) throw new ProtocolError("the response head starts with a folded line");
      headers[last] = `${headers[last]} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon === -1 ? "" : line.slice(0, colon);
    if (!TOKEN.test(name)) throw new ProtocolError(`a header line reads ${JSON.stringify(line.slice(0, 40))}`);
    const key = name.toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    last = key;
  }
  return headers;
}
