import { appendFileSync, closeSync, openSync } from "node:fs";
import type { Api } from "../core/index.js";

/**
 * `--log FILE`: each mirrored pair appended as one JSON line in the logged-exchange format of
 * `evalgate import` (issue 18): `{request, response?, metadata?, latency_ms?, created?, api?}`
 * for the production exchange, plus `candidate` (the same fields for the mirror's side),
 * which import reads as the candidate's recorded reply. Lines are written redacted, as the
 * store's rows are; a line is one `write`, so a killed proxy leaves whole lines.
 */
export interface LoggedExchange {
  request: unknown;
  response?: unknown;
  metadata?: Record<string, string>;
  latency_ms?: number;
  created?: number;
  api?: Api;
}

export interface ShadowLogLine extends LoggedExchange {
  candidate: LoggedExchange & { error?: { kind: string; message: string; status: number | null } };
}

export interface ExchangeLog {
  append(line: ShadowLogLine): void;
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
