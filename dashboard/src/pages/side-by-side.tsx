import { api, type AttemptRow, type ComparisonResponse } from "../api.js";
import { ErrorNote, Loading } from "../components/badges.js";
import { OutputText, VarsText } from "../components/output-view.js";
import { jsonDiff, wordDiff } from "../diff.js";
import { useData } from "../use-data.js";

/** Both arms' first attempt at one case: the outputs side by side, a word diff, and a JSON diff when both parsed. */
export function SideBySide({ comparison: c, caseId }: { comparison: ComparisonResponse["comparison"]; caseId: string }) {
  const pair = useData(
    () =>
      Promise.all([
        api.attempts(c.baselineRunId, { arm: c.baselineArm, case: caseId, limit: 20 }),
        api.attempts(c.candidateRunId, { arm: c.candidateArm, case: caseId, limit: 20 }),
      ]),
    `${c.id}|${caseId}`,
  );
  if (pair.error) return <ErrorNote error={pair.error} />;
  if (!pair.data) return <Loading />;
  const [base, cand] = pair.data.map((p) => p.attempts[0]);
  const repeats = Math.max(...pair.data.map((p) => p.total));
  return (
    <section className="side-by-side" data-side-by-side={caseId}>
      <h2>Case {caseId}{repeats > 1 ? <span className="muted"> (first of {repeats} repeats)</span> : null}</h2>
      <VarsText vars={base?.vars ?? cand?.vars ?? null} />
      <div className="columns">
        <Column title={`baseline · ${c.baselineArm}`} a={base} />
        <Column title={`candidate · ${c.candidateArm}`} a={cand} />
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

function Column({ title, a }: { title: string; a: AttemptRow | undefined }) {
  return (
    <div className="column">
      <h3>{title}</h3>
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
