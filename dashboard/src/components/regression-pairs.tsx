import type { ArmView, RegressionPair, RegressionSide } from "../api.js";
import { score as formatScore } from "../format.js";
import { href } from "../router.js";

/** The worst regressions with both arms' outputs side by side (shown as text: model output never becomes HTML). */
export function RegressionPairs({ comparisonId, pairs, total, baseline, candidate }: { comparisonId: string; pairs: RegressionPair[]; total: number; baseline: ArmView; candidate: ArmView }) {
  if (pairs.length === 0) return <p className="muted" data-regressions="0">no case regressed</p>;
  return (
    <section data-regressions={pairs.length}>
      <h2>Top regressions ({pairs.length} of {total})</h2>
      {pairs.map((p) => (
        <article key={p.caseId} className="regression" data-regression={p.caseId}>
          <h3>
            <a href={href(["compare", comparisonId], { case: p.caseId })}>{p.caseId}</a>{" "}
            {p.tags.map((t) => <span key={t} className="tag">{t}</span>)}
          </h3>
          <div className="columns">
            <Side title={`baseline · ${baseline.arm}`} side={p.baseline} score={p.baselineScore} which="baseline" />
            <Side title={`candidate · ${candidate.arm}`} side={p.candidate} score={p.candidateScore} which="candidate" />
          </div>
        </article>
      ))}
    </section>
  );
}

function Side({ title, side, score, which }: { title: string; side: RegressionSide; score: number | null; which: string }) {
  return (
    <div className="column" data-side={which}>
      <h4>{title}</h4>
      <p className="muted">{side.passed} of {side.repeats} repeats passed · score {formatScore(score)}</p>
      <pre className="clamp" data-output-text>{side.text}</pre>
      {side.reasons.length ? <ul className="scores">{side.reasons.map((r) => <li key={r} className="fail">{r}</li>)}</ul> : null}
    </div>
  );
}
