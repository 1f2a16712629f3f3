import { createWriteStream, type WriteStream } from "node:fs";

/** `--log FILE`: one JSON line per request received, appended. */
export class RequestLog {
  private readonly out: WriteStream;

  constructor(file: string) {
    this.out = createWriteStream(file, { flags: "a" });
  }

  write(entry: Record<string, unknown>): void {
    this.out.write(`${JSON.stringify(entry)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}
