import type { AttemptRow } from "../api.js";

/** A repeat's result as its button shows it. */
export function repeatResult(a: AttemptRow): "pass" | "fail" | "error" {
  return a.status === "error" || a.output === null ? "error" : a.pass ? "pass" : "fail";
}

/**
 * The repeat to show first: one that agrees with the case's result in that arm (a failing
 * repeat of a failing case, a passing one of a passing case), so a regression is never
 * shown with two passing outputs. Falls back to the first.
 */
export function defaultRepeat(attempts: readonly AttemptRow[], casePassed: boolean | undefined): number {
  if (attempts.length === 0) return 0;
  const agrees = attempts.find((a) => (casePassed === false ? repeatResult(a) !== "pass" : casePassed === true ? repeatResult(a) === "pass" : false));
  return (agrees ?? attempts[0])?.repeat ?? 0;
}

/** One button per repeat, the shown one pressed: "repeat 2 of 3". */
export function RepeatPicker({ side, attempts, shown, onPick }: { side: string; attempts: readonly AttemptRow[]; shown: number; onPick: (repeat: number) => void }) {
  if (attempts.length <= 1) return null;
  const index = attempts.findIndex((a) => a.repeat === shown);
  return (
    <div className="repeat-picker" data-repeat-picker={side}>
      <span className="muted" data-showing-repeat={shown}>repeat {index + 1} of {attempts.length}</span>
      {attempts.map((a, i) => {
        const result = repeatResult(a);
        return (
          <button key={a.repeat} type="button" className={`chip repeat-${result}${a.repeat === shown ? " active" : ""}`} aria-pressed={a.repeat === shown} data-repeat={a.repeat} data-result={result} onClick={() => onPick(a.repeat)}>
            #{i + 1} {result === "pass" ? "✓" : result === "fail" ? "✗" : "error"}
          </button>
        );
      })}
    </div>
  );
}
