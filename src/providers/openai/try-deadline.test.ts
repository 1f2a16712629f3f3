import { afterEach, describe, expect, it, vi } from "vitest";
import { tryDeadline } from "./transport.js";

afterEach(() => vi.useRealTimers());

describe("a try's deadline", () => {
  it("fires its listeners once at the timeout, says so, and gives an aborted signal when asked afterwards", () => {
    vi.useFakeTimers();
    const deadline = tryDeadline(1_000);
    const heard: string[] = [];
    deadline.onAbort(() => heard.push("first"));
    const stop = deadline.onAbort(() => heard.push("stopped"));
    stop();
    vi.advanceTimersByTime(999);
    expect([deadline.aborted, deadline.why(), heard]).toEqual([false, null, []]);
    vi.advanceTimersByTime(1);
    expect([deadline.aborted, deadline.why(), heard]).toEqual([true, "timeout", ["first"]]);
    deadline.onAbort(() => heard.push("late"));
    expect(heard).toEqual(["first", "late"]);
    expect(deadline.signal.aborted).toBe(true);
    deadline.clear();
  });

  it("ends on the caller's cancel as 'cancelled', aborting a signal made before it", () => {
    const outer = new AbortController();
    const deadline = tryDeadline(60_000, outer.signal);
    const signal = deadline.signal;
    let heard = 0;
    deadline.onAbort(() => heard++);
    outer.abort();
    expect([deadline.why(), signal.aborted, heard]).toEqual(["cancelled", true, 1]);
    deadline.clear();
  });

  it("is already cancelled when the caller's signal was, and after clear() the timer never fires", () => {
    vi.useFakeTimers();
    const cancelled = new AbortController();
    cancelled.abort();
    expect(tryDeadline(1_000, cancelled.signal).why()).toBe("cancelled");
    const deadline = tryDeadline(1_000);
    let heard = 0;
    deadline.onAbort(() => heard++);
    deadline.clear();
    vi.advanceTimersByTime(5_000);
    expect([deadline.why(), heard]).toEqual([null, 0]);
  });
});
