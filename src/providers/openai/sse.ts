/**
 * A server-sent-events parser for the lean transport (docs/design/providers.md, "The lean
 * transport"): text in as it arrives, one message out per blank line. It reads what the
 * SDK's parser reads (openai/core/streaming): lines end in \n, \r\n or \r; `:` starts a
 * comment; `data:` lines of one message are joined with \n; one space after the colon is
 * dropped; a message with neither data nor an event is skipped.
 */
export interface SseMessage {
  event: string | null;
  data: string;
}

export class SseParser {
  private buffer = "";
  private event: string | null = null;
  private data: string[] = [];

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  /** Feeds decoded text; calls `onMessage` for every message it completes. */
  push(text: string): void {
    this.buffer = this.buffer === "" ? text : this.buffer + text;
    let start = 0;
    const buf = this.buffer;
    // The next \n and \r at or after `start`, searched again only once passed: each search
    // moves forward, so a push reads its text once (a stream without any \r reads it once more).
    let lf = buf.indexOf("\n");
    let cr = buf.indexOf("\r");
    for (;;) {
      if (lf !== -1 && lf < start) lf = buf.indexOf("\n", start);
      if (cr !== -1 && cr < start) cr = buf.indexOf("\r", start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A \r at the very end may be the first half of \r\n: wait for the next text.
        if (cr === buf.length - 1) break;
        end = cr;
        next = buf.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      this.line(buf.slice(start, end));
      start = next;
    }
    this.buffer = start === 0 ? buf : buf.slice(start);
  }

  /** The end of the body: a last line without its newline still counts, and so does a message without its blank line. */
  end(): void {
    const rest = this.buffer.endsWith("\r") ? this.buffer.slice(0, -1) : this.buffer;
    this.buffer = "";
    if (rest !== "") this.line(rest);
    this.line("");
  }

  private line(line: string): void {
    if (line === "") {
      if (this.event === null && this.data.length === 0) return;
      const message = { event: this.event, data: this.data.length === 1 ? this.data[0]! : this.data.join("\n") };
      this.event = null;
      this.data = [];
      this.onMessage(message);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
  }
}
