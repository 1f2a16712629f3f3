import { formatUsd } from "../core/index.js";
import type { RunnerEmitter } from "./events.js";

export interface ProgressOptions {
  total: number;
  /** A TTY gets a redrawn bar; anything else (CI, a pipe) gets plain lines. */
  tty: boolean;
  write: (text: string) => void;
  /** Plain mode prints a line at most this often (and at every 10%). */
  intervalMs?: number;
  now?: () => number;
}

/** Subscribes to a runner and shows done/total, errors, spend so far and the ETA. */
export function attachProgress(runner: RunnerEmitter, options: ProgressOptions): () => void {
  const now = options.now ?? (() => Date.now());
  const start = now();
  const interval = options.intervalMs ?? 10_000;
  let done = 0;
  let errors = 0;
  let spend = 0;
  let lastLine = 0;
  let lastDecile = 0;
  const line = () => formatProgress({ done, total: options.total, errors, spend, elapsedMs: now() - start });

  runner.on("attempt-finished", ({ attempt }) => {
    done++;
    if (attempt.status === "error") errors++;
    spend += attempt.cost.usd ?? 0;
    if (options.tty) {
      options.write(`\r${line()}\x1b[K`);
      return;
    }
    const decile = Math.floor((done / Math.max(1, options.total)) * 10);
    if (decile > lastDecile || now() - lastLine >= interval) {
      lastDecile = decile;
      lastLine = now();
      options.write(`${line()}\n`);
    }
  });
  return () => {
    if (options.tty && done > 0) options.write("\n");
  };
}

export interface ProgressState {
  done: number;
  total: number;
  errors: number;
  spend: number;
  elapsedMs: number;
}

export function formatProgress(s: ProgressState): string {
  const width = 24;
  const fraction = s.total === 0 ? 1 : s.done / s.total;
  const filled = Math.round(fraction * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const eta = s.done === 0 ? "?" : formatDuration((s.elapsedMs / s.done) * (s.total - s.done));
  return `${bar} ${s.done}/${s.total} · ${s.errors} errors · ${formatUsd(s.spend)} · ETA ${eta}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}
