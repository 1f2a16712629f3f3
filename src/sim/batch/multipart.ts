import { invalidRequest } from "../wire-errors.js";

/** One `multipart/form-data` upload as `POST /v1/files` takes it: the text fields and the file part. */
export class FileUpload {
  constructor(
    readonly fields: Readonly<Record<string, string>>,
    readonly file: { filename: string; bytes: Buffer } | null,
  ) {}

  /** What the request log keeps of an upload: its fields and the file's size, never its bytes. */
  toJSON(): unknown {
    return { multipart: { fields: this.fields, file: this.file && { filename: this.file.filename, bytes: this.file.bytes.length } } };
  }
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** The boundary of a `multipart/form-data; boundary=…` content type. */
export function boundaryOf(contentType: string | undefined): string {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? "");
  const boundary = m?.[1] ?? m?.[2]?.trim();
  if (!boundary) throw invalidRequest("A multipart/form-data body must name its boundary.");
  return boundary;
}

/**
 * Parses a multipart body (RFC 7578) as the files endpoint needs: named parts, the one with
 * a filename kept as bytes, the others as UTF-8 text. A malformed body is a 400.
 */
export function parseMultipart(body: Buffer, boundary: string): FileUpload {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  let file: FileUpload["file"] = null;
  let at = body.indexOf(delimiter);
  if (at < 0) throw invalidRequest("The multipart body has no part.");
  for (;;) {
    const start = at + delimiter.length;
    // `--boundary--` closes the body.
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) throw invalidRequest("The multipart body ends before its closing boundary.");
    const part = body.subarray(start + CRLF.length, next - CRLF.length);
    const split = part.indexOf(HEADER_END);
    if (split < 0) throw invalidRequest("A multipart part has no header.");
    const headers = part.subarray(0, split).toString("utf8");
    const content = part.subarray(split + HEADER_END.length);
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined) throw invalidRequest("A multipart part has no name.");
    if (filename !== undefined && name === "file") file = { filename, bytes: Buffer.from(content) };
    else fields[name] = content.toString("utf8");
    at = next;
  }
  return new FileUpload(fields, file);
}
