import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

/**
 * A suite's regular expressions run with JavaScript semantics and a deadline per match: a
 * catastrophic pattern such as `(a+)+$` on 40 a's and a `b` would otherwise hold the event
 * loop (and Ctrl-C) forever. A pattern whose shape bounds its work on this text (see
 * `regexShape`) runs here, as a plain RegExp; every other match runs in one persistent
 * worker thread. The caller waits on a shared flag, so a match stays a synchronous call
 * (about 0.15 ms round trip); past the deadline the worker is terminated — V8 interrupts
 * a running regex — and the next match starts a new one. docs/graders.md (regex) says
 * what a user sees; `node bench/run-all.js regex` measures both paths.
 */
export const REGEX_DEADLINE_MS = 1000;

export type RegexExec =
  | { ok: true; match: { text: string; index: number } | null }
  | { ok: false; timedOut: true }
  | { ok: false; timedOut: false; error: string };

const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { port, flag } = workerData;
const cache = new Map();
port.on("message", ({ pattern, flags, text }) => {
  let result;
  try {
    const key = flags + "/" + pattern;
    let re = cache.get(key);
    if (re === undefined) {
      if (cache.size > 1000) cache.clear();
      re = new RegExp(pattern, flags);
      cache.set(key, re);
    }
    re.lastIndex = 0;
    const m = re.exec(text);
    result = { ok: true, match: m === null ? null : { text: m[0], index: m.index } };
  } catch (e) {
    result = { ok: false, timedOut: false, error: String((e && e.message) || e) };
  }
  port.postMessage(result);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

interface Sandbox {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

let sandbox: Sandbox | undefined;

function start(): Sandbox {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, flag }, transferList: [port2] });
  // Neither keeps the process alive: a finished run exits whether or not a match ever ran.
  worker.unref();
  port1.unref();
  return { worker, port: port1, flag };
}

/** `new RegExp(pattern, flags).exec(text)` within `deadlineMs`: here when provably cheap, else in the worker. */
export function execRegex(pattern: string, flags: string, text: string, deadlineMs: number = REGEX_DEADLINE_MS): RegexExec {
  return cheapOnThisText(pattern, text.length) ? execHere(pattern, flags, text) : execInWorker(pattern, flags, text, deadlineMs);
}

/**
 * Above this many backtracking steps a match goes to the worker. A pattern with k
 * unbounded quantifiers, none nested, none over an alternation and no backreference,
 * takes at most about (n + 1)^(k + 1) steps on n characters.
 */
const MAIN_THREAD_STEPS = 1e6;
const shapes = new Map<string, RegexShape>();
const compiled = new Map<string, RegExp | string>();

/** Whether a match of `pattern` on `length` characters is bounded well under a millisecond. */
export function cheapOnThisText(pattern: string, length: number): boolean {
  let shape = shapes.get(pattern);
  if (shape === undefined) {
    if (shapes.size >= 1000) shapes.clear();
    shapes.set(pattern, (shape = regexShape(pattern)));
  }
  return catastrophicReason(shape) === null && Math.pow(length + 1, shape.unbounded + 1) <= MAIN_THREAD_STEPS;
}

function execHere(pattern: string, flags: string, text: string): RegexExec {
  const key = `${flags}/${pattern}`;
  let re = compiled.get(key);
  if (re === undefined) {
    if (compiled.size >= 1000) compiled.clear();
    try {
      re = new RegExp(pattern, flags);
    } catch (e) {
      re = (e as Error).message;
    }
    compiled.set(key, re);
  }
  if (typeof re === "string") return { ok: false, timedOut: false, error: re };
  re.lastIndex = 0;
  const m = re.exec(text);
  return { ok: true, match: m === null ? null : { text: m[0], index: m.index } };
}

function execInWorker(pattern: string, flags: string, text: string, deadlineMs: number): RegexExec {
  const s = (sandbox ??= start());
  Atomics.store(s.flag, 0, 0);
  s.port.postMessage({ pattern, flags, text });
  if (Atomics.wait(s.flag, 0, 0, deadlineMs) === "timed-out") {
    sandbox = undefined;
    void s.worker.terminate();
    s.port.close();
    return { ok: false, timedOut: true };
  }
  const reply = receiveMessageOnPort(s.port);
  if (reply === undefined) return { ok: false, timedOut: false, error: "the regex worker gave no answer" };
  return reply.message as RegexExec;
}

/**
 * A conservative look at a pattern's shape: enough to tell patterns that cannot backtrack
 * catastrophically from those that might (it flags, it does not prove slow):
 * - an unbounded quantifier on a group that holds one, e.g. `(a+)+`, `(\\w*\\s?)*`;
 * - an unbounded quantifier over an alternation, e.g. `(a|ab)*`;
 * - a backreference (matching one is not a regular problem).
 * `{n,m}` with m above 10 counts as unbounded.
 */
export interface RegexShape {
  nestedQuantifier: boolean;
  quantifiedAlternation: boolean;
  backreference: boolean;
  /** How many unbounded quantifiers the pattern has (the degree of its polynomial bound). */
  unbounded: number;
}

/** Why a pattern of this shape can backtrack catastrophically, or null. */
export function catastrophicReason(shape: RegexShape): string | null {
  if (shape.nestedQuantifier) return "it nests one unbounded quantifier in another, as (a+)+ does";
  if (shape.quantifiedAlternation) return "it repeats an alternation with an unbounded quantifier, as (a|ab)* does";
  if (shape.backreference) return "it uses a backreference";
  return null;
}

interface Frame {
  unboundedInside: boolean;
  alternation: boolean;
}

const BOUNDED_LIMIT = 10;

export function regexShape(pattern: string): RegexShape {
  const shape: RegexShape = { nestedQuantifier: false, quantifiedAlternation: false, backreference: false, unbounded: 0 };
  const stack: Frame[] = [{ unboundedInside: false, alternation: false }];
  let last: Frame | "atom" | null = null;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const n = pattern[i + 1] ?? "";
      if (/[1-9]/.test(n) || (n === "k" && pattern[i + 2] === "<")) shape.backreference = true;
      i += 2;
      last = "atom";
    } else if (c === "[") {
      i = skipClass(pattern, i);
      last = "atom";
    } else if (c === "(") {
      stack.push({ unboundedInside: false, alternation: false });
      i += pattern[i + 1] === "?" ? groupPrefixLength(pattern, i) : 1;
      last = null;
    } else if (c === ")") {
      const frame = stack.length > 1 ? stack.pop()! : stack[0]!;
      if (frame.unboundedInside) stack.at(-1)!.unboundedInside = true;
      last = frame;
      i++;
    } else if (c === "|") {
      stack.at(-1)!.alternation = true;
      last = null;
      i++;
    } else {
      const q = quantifierAt(pattern, i);
      if (q === null) {
        last = "atom";
        i++;
        continue;
      }
      if (q.unbounded && last !== null) {
        shape.unbounded++;
        if (last !== "atom" && last.unboundedInside) shape.nestedQuantifier = true;
        if (last !== "atom" && last.alternation) shape.quantifiedAlternation = true;
        stack.at(-1)!.unboundedInside = true;
      }
      i += q.length + (pattern[i + q.length] === "?" ? 1 : 0);
      last = null;
    }
  }
  return shape;
}

/** The index after a character class `[...]` (escapes and nested `[` of the v flag included). */
function skipClass(p: string, start: number): number {
  let i = start + 1;
  let depth = 1;
  while (i < p.length && depth > 0) {
    if (p[i] === "\\") i += 2;
    else {
      if (p[i] === "[") depth++;
      else if (p[i] === "]") depth--;
      i++;
    }
  }
  return i;
}

/** `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`, `(?i:` … */
function groupPrefixLength(p: string, start: number): number {
  const m = /^\(\?(<[=!]|<[^>]*>|[=!:]|[a-z-]*:)/.exec(p.slice(start));
  return m ? m[0].length : 2;
}

function quantifierAt(p: string, i: number): { length: number; unbounded: boolean } | null {
  const c = p[i];
  if (c === "*" || c === "+") return { length: 1, unbounded: true };
  if (c === "?") return { length: 1, unbounded: false };
  if (c !== "{") return null;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
  if (!m) return null;
  return { length: m[0].length, unbounded: m[2] !== undefined && (m[3] === "" || Number(m[3]) > BOUNDED_LIMIT) };
}
