import { api, type CaseDelta, type ComparisonResponse } from "../api.js";
import { ParityCard } from "../components/parity-card.js";
import { ArmLabel } from "../components/arm-label.js";
import { ErrorNote, Loading, StatusBadge } from "../components/badges.js";
import { DeltasTable } from "../components/deltas-table.js";
import { GatesTable } from "../components/gates-table.js";
import { SlicesTable } from "../components/slices-table.js";
import { href, updateParams, type Route } from "../router.js";
import { useData } from "../use-data.js";
import { SideBySide } from "./side-by-side.js";

const PAGE = 100;

/** `#/compare/ID?outcome=&offset=&case=&brep=&crep=`: the verdict, its gates, the deltas, and the cases regressions first beside the selected one. */
export function ComparePage({ route, comparisonId }: { route: Route; comparisonId: string }) {
  const outcome = route.params.get("outcome") ?? "";
  const offset = Number(route.params.get("offset") ?? 0) || 0;
  const res = useData(() => api.comparison(comparisonId, { outcome, limit: PAGE, offset }), `${comparisonId}|${outcome}|${offset}`);
  const arms = useData(() => api.release(comparisonId, 1), comparisonId);
  if (res.error) return <ErrorNote error={res.error} />;
  if (!res.data) return <Loading />;
  const { comparison: c } = res.data;
  // With no case chosen, the first regression on the page is shown beside the table.
  const selected = route.params.get("case") ?? res.data.cases.find((x) => x.outcome === "regression")?.caseId;
  return (
    <section data-page="compare" data-comparison={c.id}>
      <p><a href={href(["runs", c.candidateRunId])}>← candidate run</a> · <a href={href(["release", c.id])} data-release-link>release summary</a></p>
      <h1>
        <StatusBadge status={c.verdict.status} /> {c.baselineArm} → {c.candidateArm}
      </h1>
      {arms.data ? (
        <p className="meta" data-arms>
          baseline <ArmLabel view={arms.data.baseline} /> in <a href={href(["runs", c.baselineRunId], { arm: c.baselineArm })}>{c.baselineRunId}</a> · candidate{" "}
          <ArmLabel view={arms.data.candidate} /> in <a href={href(["runs", c.candidateRunId], { arm: c.candidateArm })}>{c.candidateRunId}</a> · {c.figures.pairedCases} paired cases
        </p>
      ) : null}
      {res.data.outdated ? <p className="warnings" data-outdated="true">{res.data.outdated}</p> : null}
      {res.data.partial ? <p className="warnings" data-partial="true">{res.data.partial}</p> : null}
      {c.notes?.length ? <ul className="notes">{c.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
      <GatesTable comparison={c} />
      <h2>Deltas</h2>
      <DeltasTable comparison={c} />
      <ParityCard parity={res.data.parity} sayMissing />
      <SlicesTable comparison={c} />
      <div className="case-layout">
        <Cases route={route} data={res.data} outcome={outcome} offset={offset} selected={selected} />
        <aside className="case-detail">
          {selected ? (
            <SideBySide key={selected} route={route} comparison={c} caseId={selected} delta={res.data.cases.find((x) => x.caseId === selected)} />
          ) : (
            <p className="muted">choose a case to see both arms' outputs</p>
          )}
        </aside>
      </div>
    </section>
  );
}

function Cases({ route, data, outcome, offset, selected }: { route: Route; data: ComparisonResponse; outcome: string; offset: number; selected: string | undefined }) {
  const counts = data.caseCounts;
  return (
    <section className="case-list">
      <h2>Cases</h2>
      <p className="filters" data-outcomes>
        {(["", "regression", "flaky", "fix", "unchanged"] as const).map((o) => (
          <a key={o} href={href(route.parts, { outcome: o || null })} className={o === outcome ? "chip active" : "chip"} data-outcome-filter={o || "all"}>
            {o || "all"} {o ? counts[o] : Object.values(counts).reduce((x, y) => x + y, 0)}
          </a>
        ))}
      </p>
      <table className="grid" data-table="cases">
        <thead><tr><th>outcome</th><th>case</th><th>tags</th><th>baseline</th><th>candidate</th></tr></thead>
        <tbody>{data.cases.map((c) => <CaseRow key={c.caseId} route={route} c={c} selected={c.caseId === selected} />)}</tbody>
      </table>
      {data.caseTotal > data.limit ? (
        <p className="pager">
          <button type="button" disabled={offset === 0} onClick={() => updateParams(route, { offset: Math.max(0, offset - data.limit) || null })}>← previous</button>
          <span> {offset + 1}–{Math.min(data.caseTotal, offset + data.limit)} of {data.caseTotal} </span>
          <button type="button" disabled={offset + data.limit >= data.caseTotal} onClick={() => updateParams(route, { offset: offset + data.limit })}>next →</button>
        </p>
      ) : null}
    </section>
  );
}

function CaseRow({ route, c, selected }: { route: Route; c: CaseDelta; selected: boolean }) {
  const score = (v: number | null, pass: boolean) => `${v === null ? "—" : v.toFixed(2)} ${pass ? "✓" : "✗"}`;
  const params = { ...Object.fromEntries(route.params.entries()), case: c.caseId, brep: null, crep: null };
  return (
    <tr data-case={c.caseId} data-outcome={c.outcome} className={selected ? "selected" : undefined}>
      <td><span className={`badge outcome-${c.outcome}`}>{c.outcome}</span></td>
      <td><a href={href(route.parts, params)}>{c.caseId}</a></td>
      <td>{c.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
      <td className="num">{score(c.baselineScore, c.baselinePass)}</td>
      <td className="num">{score(c.candidateScore, c.candidatePass)}</td>
    </tr>
  );
}
