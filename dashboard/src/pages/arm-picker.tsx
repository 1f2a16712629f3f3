import { api } from "../api.js";
import { ErrorNote, Loading, SimulatedBadge } from "../components/badges.js";
import { when } from "../format.js";
import { useData } from "../use-data.js";
import { pmHrefForKeys } from "../pm-links.js";

/** Runs offered to choose arms from, newest first. */
const RUNS_OFFERED = 30;

/** Checkboxes for the arms of recent runs; each change rewrites the PM page's URL. */
export function ArmPicker({ chosen }: { chosen: string[] }) {
  const runs = useData(() => api.runs({ limit: RUNS_OFFERED }), "pm-runs");
  if (runs.error) return <ErrorNote error={runs.error} />;
  if (!runs.data) return <Loading />;
  const set = new Set(chosen);
  const toggle = (key: string) => {
    const next = set.has(key) ? chosen.filter((k) => k !== key) : [...chosen, key];
    window.location.hash = pmHrefForKeys(next);
  };
  return (
    <details className="arm-picker" open={chosen.length === 0}>
      <summary>{chosen.length} arm{chosen.length === 1 ? "" : "s"} chosen: choose from the {runs.data.runs.length} newest runs</summary>
      <ul>
        {runs.data.runs.map(({ run }) => (
          <li key={run.id}>
            <span className="muted">{run.suite} · {when(run.startedAt)} · {run.id}</span>
            {run.arms.map((a) => {
              const key = `${run.id}:${a.arm}`;
              return (
                <label key={key} className="pick">
                  <input type="checkbox" checked={set.has(key)} onChange={() => toggle(key)} data-pick={key} /> {a.arm} <span className="muted">{a.api} · {a.model}</span> <SimulatedBadge simulated={a.simulated} />
                </label>
              );
            })}
          </li>
        ))}
      </ul>
    </details>
  );
}
