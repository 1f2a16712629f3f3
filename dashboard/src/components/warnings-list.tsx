import type { ReleaseWarning } from "../api.js";

/** Why a verdict's numbers may not say what they seem to (report releaseWarnings), each kind marked. */
export function WarningsList({ warnings }: { warnings: ReleaseWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="release-warnings" data-warnings>
      {warnings.map((w) => (
        <li key={w.text} data-warning={w.kind}>{w.text}</li>
      ))}
    </ul>
  );
}
