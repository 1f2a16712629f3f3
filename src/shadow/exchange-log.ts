import { appendFileSync, closeSync, openSync } from "node:fs";
import type { LoggedExchangeLine } from "../import/index.js";

/**
 * `--log FILE`: each mirrored pair appended as one line of import's logged-exchange format
 * (docs/migration-guide.md): production's exchange `{request, response, metadata,
 * latency_ms, created, api}` and, beside it, `candidate` — what the mirror sent and got —
 * which `evalgate import` accepts and leaves aside. Lines are written redacted, as the
 * store's rows are; a line is one `write`, so a killed proxy leaves whole lines.
 */
export interface ExchangeLog {
  append(line: LoggedExchangeLine): void;
  close(): void;
}

export function openExchangeLog(file: string): ExchangeLog {
  const fd = openSync(file, "a", 0o600);
  let open = true;
  return {
    append(line) {
      if (open) appendFileSync(fd, `${JSON.stringify(line)}\n`);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
