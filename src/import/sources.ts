import { LIMITS } from "../core/index.js";
import { parseExchange, type LoggedExchange } from "./logged-exchange.js";
import { readLines } from "./read-lines.js";

/** One exchange and where it came from (errors and the report name it). */
export interface SourcedExchange {
  exchange: LoggedExchange;
  file: string;
  line: number;
}

/** Where logged traffic comes from; iterated twice (count, then write), each time from the start. */
export interface ExchangeSource {
  /** Shown in the report and the suite's description. */
  name: string;
  exchanges(): AsyncIterable<SourcedExchange>;
  /** What the source itself could not fetch, by reason: reported as left out, beside the unmappable. */
  leftOut?: Record<string, number>;
}

/** A JSONL file of logged exchanges (Chat Completions or Responses), streamed line by line. */
export function fileSource(path: string, shownAs: string): ExchangeSource {
  return {
    name: shownAs,
    async *exchanges() {
      for await (const { line, text } of readLines(path, shownAs, LIMITS.lineBytes)) {
        const exchange = parseExchange(text, shownAs, line);
        if (exchange) yield { exchange, file: shownAs, line };
      }
    },
  };
}

/** Exchanges already in memory (fetched from an API), numbered from 1. */
export function memorySource(name: string, exchanges: readonly LoggedExchange[]): ExchangeSource {
  return {
    name,
    async *exchanges() {
      let line = 0;
      for (const exchange of exchanges) yield { exchange, file: name, line: ++line };
    },
  };
}
