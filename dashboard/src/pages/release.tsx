import { api, type ReleaseResponse } from "../api.js";
import { ArmLabel } from "../components/arm-label.js";
import { ErrorNote, Loading, StatusBadge } from "../components/badges.js";
import { GatesTable } from "../components/gates-table.js";
import { RegressionPairs } from "../components/regression-pairs.js";
import { ReleaseSlot, type ReleaseAttachments } from "../components/release-slot.js";
import { WarningsList } from "../components/warnings-list.js";
import { when } from "../format.js";
import { href } from "../router.js";
import { useData } from "../use-data.js";

/** `#/release/COMPARISON_ID`: one screen for a release manager — the answer, its gates, its caveats, the worst regressions. */
export function ReleasePage({ comparisonId }: { comparisonId: string }) {
  const res = useData(() => api.release(comparisonId), comparisonId);
  if (res.error) return <ErrorNote error={res.error} />;
  if (!res.data) return <Loading />;
  const r = res.data;
  const c = r.comparison;
  return (
    <section data-page="release" data-comparison={c.id}>
      <p>
        <a href={href(["runs", c.candidateRunId])}>← candidate run</a> · <a href={href(["compare", c.id])}>every case and delta</a>
      </p>
      <h1 className="question" data-question>
        {r.question} <StatusBadge status={c.verdict.status} />
      </h1>
      <p className="lede" data-verdict-line>{verdictLine(r)}</p>
      <div className="cards">
        <article className="card" data-release-arm="baseline"><h3>baseline</h3><ArmLabel view={r.baseline} /><RunLine runId={r.baseline.runId} status={r.baseline.runStatus} startedAt={r.baseline.startedAt} /></article>
        <article className="card" data-release-arm="candidate"><h3>candidate</h3><ArmLabel view={r.candidate} /><RunLine runId={r.candidate.runId} status={r.candidate.runStatus} startedAt={r.candidate.startedAt} /></article>
      </div>
      <WarningsList warnings={r.warnings} />
      <h2>Gates</h2>
      <GatesTable comparison={c} />
      <ReleaseSlot attachments={r as ReleaseResponse & ReleaseAttachments} />
      <RegressionPairs comparisonId={c.id} pairs={r.regressions} total={c.caseCounts.regression} baseline={r.baseline} candidate={r.candidate} />
    </section>
  );
}

/** "FAIL — the worst of 3 gates (1 FAIL, 2 PASS); 3 regressions, 2 fixes over 17 paired cases." */
function verdictLine(r: ReleaseResponse): string {
  const gates = r.comparison.verdict.gates;
  const counts = new Map<string, number>();
  for (const g of gates) counts.set(g.status, (counts.get(g.status) ?? 0) + 1);
  const byStatus = [...counts].map(([s, n]) => `${n} ${s.replace("_", " ")}`).join(", ");
  const f = r.comparison.figures;
  return `${r.comparison.verdict.status}: the worst of ${gates.length} gate${gates.length === 1 ? "" : "s"} (${byStatus}); ${f.regressions} regression${f.regressions === 1 ? "" : "s"}, ${f.fixes} fix${f.fixes === 1 ? "" : "es"} over ${f.pairedCases} paired cases.`;
}

function RunLine({ runId, status, startedAt }: { runId: string; status: string | null; startedAt: string | null }) {
  return (
    <p className="muted">
      run <a href={href(["runs", runId])}>{runId}</a>{status ? ` · ${status}` : " · no longer stored"}{startedAt ? ` · ${when(startedAt)}` : ""}
    </p>
  );
}
