import type { ReactNode } from "react";
import { api, type AttemptRow, type CaseDelta, type ComparisonResponse } from "../api.js";
import { ErrorNote, Loading } from "../components/badges.js";
import { OutputText, VarsText } from "../components/output-view.js";
import { defaultRepeat, RepeatPicker } from "../components/repeat-picker.js";
import { jsonDiff, wordDiff } from "../diff.js";
import { updateParams, type Route } from "../router.js";
import { useData } from "../use-data.js";

/** Repeats of one case read per arm (a case rarely runs more than a handful). */
const MAX_REPEATS = 100;

/**
 * Both arms' outputs at one case side by side, a word diff, and a JSON diff when both parsed.
 * Each arm shows a repeat that agrees with its case result (a failing one for a failing
 * case) until the user picks another (`brep` / `crep` in the URL).
 */
export function SideBySide({ route, comparison: c, caseId, delta }: { route: Route; comparison: ComparisonResponse["comparison"]; caseId: string; delta: CaseDelta | undefined }) {
  const pair = useData(
    () =>
      Promise.all([
        api.attempts(c.baselineRunId, { arm: c.baselineArm, case: caseId, limit: MAX_REPEATS }),
        api.attempts(c.candidateRunId, { arm: c.candidateArm, case: caseId, limit: MAX_REPEATS }),
      ]),
    `${c.id}|${caseId}`,
  );
  if (pair.error) return <ErrorNote error={pair.error} />;
  if (!pair.data) return <Loading />;
  const [baseAll, candAll] = pair.data.map((p) => p.attempts) as [AttemptRow[], AttemptRow[]];
  const pick = (param: string, attempts: AttemptRow[], passed: boolean | undefined) => {
    const asked = route.params.get(param);
    return asked !== null && attempts.some((a) => String(a.repeat) === asked) ? Number(asked) : defaultRepeat(attempts, passed);
  };
  const baseRepeat = pick("brep", baseAll, delta?.baselinePass);
  const candRepeat = pick("crep", candAll, delta?.candidatePass);
  const base = baseAll.find((a) => a.repeat === baseRepeat);
  const cand = candAll.find((a) => a.repeat === candRepeat);
  return (
    <section className="side-by-side" data-side-by-side={caseId}>
      <h2>Case {caseId}{delta ? <span className={`badge outcome-${delta.outcome}`}>{delta.outcome}</span> : null}</h2>
      <VarsText vars={base?.vars ?? cand?.vars ?? null} />
      <div className="columns">
        <Column title={`baseline · ${c.baselineArm}`} a={base}>
          <RepeatPicker side="baseline" attempts={baseAll} shown={baseRepeat} onPick={(r) => updateParams(route, { brep: r })} />
        </Column>
        <Column title={`candidate · ${c.candidateArm}`} a={cand}>
          <RepeatPicker side="candidate" attempts={candAll} shown={candRepeat} onPick={(r) => updateParams(route, { crep: r })} />
        </Column>
      </div>
      {base?.output && cand?.output ? (
        <>
          <h3>Word diff</h3>
          <pre className="diff" data-diff="words">
            {wordDiff(base.output.text, cand.output.text).map((p, i) =>
              p.kind === "same" ? <span key={i}>{p.text}</span> : p.kind === "added" ? <ins key={i}>{p.text}</ins> : <del key={i}>{p.text}</del>,
            )}
          </pre>
          {base.output.json !== undefined && cand.output.json !== undefined ? <JsonDiffTable before={base.output.json} after={cand.output.json} /> : null}
        </>
      ) : null}
    </section>
  );
}

function Column({ title, a, children }: { title: string; a: AttemptRow | undefined; children: ReactNode }) {
  return (
    <div className="column">
      <h3>{title}</h3>
      {children}
      {!a ? <p className="muted">no attempt for this case</p> : a.error ? <pre className="error-text">{a.error.kind}: {a.error.message}</pre> : <OutputText output={a.output} />}
      {a ? (
        <ul className="scores">
          {a.scores.map((s) => <li key={s.grader} className={s.pass ? "pass" : "fail"}><b>{s.grader}</b> {s.value === null ? "unscored" : s.value.toFixed(2)} <span className="muted">{s.reason}</span></li>)}
        </ul>
      ) : null}
    </div>
  );
}

function JsonDiffTable({ before, after }: { before: unknown; after: unknown }) {
  const changes = jsonDiff(before, after);
  return (
    <>
      <h3>JSON diff</h3>
      {changes.length === 0 ? (
        <p className="muted">the structured outputs are equal</p>
      ) : (
        <table className="grid" data-diff="json">
          <thead><tr><th>path</th><th>change</th><th>baseline</th><th>candidate</th></tr></thead>
          <tbody>
            {changes.map((ch) => (
              <tr key={ch.path} data-path={ch.path}>
                <td><code>{ch.path}</code></td><td>{ch.kind}</td>
                <td><code>{ch.kind === "added" ? "" : JSON.stringify(ch.before)}</code></td>
                <td><code>{ch.kind === "removed" ? "" : JSON.stringify(ch.after)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
