import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";

/**
 * A suite's regular expressions run with JavaScript semantics in one persistent worker
 * thread, with a deadline per match: a catastrophic pattern such as `(a+)+$` on 40 a's and
 * a `b` would otherwise hold the event loop (and Ctrl-C) forever. The caller waits on a
 * shared flag, so a match stays a synchronous call (about 0.1 ms round trip); past the
 * deadline the worker is terminated — V8 interrupts a running regex — and the next match
 * starts a new one. docs/graders.md (regex) says what a user sees.
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

/** `new RegExp(pattern, flags).exec(text)`, in the sandbox, within `deadlineMs`. */
export function execRegex(pattern: string, flags: string, text: string, deadlineMs: number = REGEX_DEADLINE_MS): RegexExec {
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
 * Why `pattern` can backtrack exponentially, or null: an unbounded quantifier (`*`, `+`,
 * `{n,}`) applied to a group that itself holds one, as in `(a+)+` or `(\w*,?)*`. A
 * heuristic, not a proof (polynomial patterns like `\s*x\s*$` pass it): it guards the
 * `redact:` patterns, which run on every stored string outside the sandbox.
 */
export function nestedQuantifier(pattern: string): string | null {
  const groups: Array<{ start: number; inner: boolean }> = [];
  let lastGroup: { start: number; inner: boolean } | undefined;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") {
      i++;
      lastGroup = undefined;
      continue;
    }
    if (c === "[") {
      for (i++; i < pattern.length && pattern[i] !== "]"; i++) if (pattern[i] === "\\") i++;
      lastGroup = undefined;
      continue;
    }
    if (c === "(") {
      groups.push({ start: i, inner: false });
      lastGroup = undefined;
      continue;
    }
    if (c === ")") {
      lastGroup = groups.pop();
      continue;
    }
    const unbounded = c === "*" || c === "+" || (c === "{" && /^\{\d+,\}/.test(pattern.slice(i)));
    if (unbounded) {
      const end = c === "{" ? pattern.indexOf("}", i) : i;
      if (lastGroup?.inner) return `${pattern.slice(lastGroup.start, end + 1)} nests one unbounded quantifier in another`;
      for (const g of groups) g.inner = true;
      if (lastGroup) lastGroup = undefined;
    } else if (c !== "?") {
      lastGroup = undefined;
    }
  }
  return null;
}
