import { api, type CaseDelta, type ComparisonFigures, type ComparisonResponse, type GateResult, type ParityCard } from "../api.js";
import { ErrorNote, Loading, StatusBadge } from "../components/badges.js";
import { interval, ms, pct, ratio, signed, usd } from "../format.js";
import { href, updateParams, type Route } from "../router.js";
import { useData } from "../use-data.js";
import { SideBySide } from "./side-by-side.js";

const PAGE = 100;

/** `#/compare/ID?outcome=&offset=&case=`: the verdict, its gates, the deltas, and the cases regressions first. */
export function ComparePage({ route, comparisonId }: { route: Route; comparisonId: string }) {
  const outcome = route.params.get("outcome") ?? "";
  const offset = Number(route.params.get("offset") ?? 0) || 0;
  const res = useData(() => api.comparison(comparisonId, { outcome, limit: PAGE, offset }), `${comparisonId}|${outcome}|${offset}`);
  if (res.error) return <ErrorNote error={res.error} />;
  if (!res.data) return <Loading />;
  const { comparison: c } = res.data;
  // With no case chosen, the first regression on the page is shown side by side.
  const selected = route.params.get("case") ?? res.data.cases.find((x) => x.outcome === "regression")?.caseId;
  return (
    <section data-page="compare" data-comparison={c.id}>
      <p><a href={href(["runs", c.candidateRunId])}>← candidate run</a></p>
      <h1>
        <StatusBadge status={c.verdict.status} /> {c.baselineArm} → {c.candidateArm}
      </h1>
      <p className="meta">
        baseline <a href={href(["runs", c.baselineRunId], { arm: c.baselineArm })}>{c.baselineRunId}</a> · candidate{" "}
        <a href={href(["runs", c.candidateRunId], { arm: c.candidateArm })}>{c.candidateRunId}</a> · {c.figures.pairedCases} paired cases
      </p>
      {res.data.outdated ? <p className="warnings" data-outdated="true">{res.data.outdated}</p> : null}
      {res.data.partial ? <p className="warnings" data-partial="true">{res.data.partial}</p> : null}
      {c.notes?.length ? <ul className="notes">{c.notes.map((n) => <li key={n}>{n}</li>)}</ul> : null}
      <Gates gates={c.verdict.gates} />
      <h2>Deltas</h2>
      <Figures f={c.figures} />
      <Parity parity={res.data.parity} />
      {Object.keys(c.slices).length ? <Slices slices={c.slices} /> : null}
      <Cases route={route} data={res.data} outcome={outcome} offset={offset} selected={selected} />
      {selected ? <SideBySide comparison={c} caseId={selected} /> : null}
    </section>
  );
}

function Gates({ gates }: { gates: GateResult[] }) {
  return (
    <table className="grid" data-table="gates">
      <thead><tr><th>gate</th><th>status</th><th>figure</th><th>threshold</th><th>interval</th><th>reason</th></tr></thead>
      <tbody>
        {gates.map((g) => (
          <tr key={g.gate} data-gate={g.gate}>
            <td>{g.gate}</td>
            <td><StatusBadge status={g.status} /></td>
            <td className="num">{g.figure === null ? "—" : g.figure.toFixed(3)}</td>
            <td className="num">{g.threshold}</td>
            <td>{g.interval ? interval(g.interval[0], g.interval[1]) : ""}</td>
            <td>{g.reason}{g.decide ? <div className="muted">{g.decide}</div> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Figures({ f }: { f: ComparisonFigures }) {
  const rows: Array<[string, string, string]> = [
    ["quality Δ (mean score)", signed(f.qualityDelta.value), interval(f.qualityDelta.low, f.qualityDelta.high)],
    ["pass rate Δ", signed(f.passRateDelta.value), interval(f.passRateDelta.low, f.passRateDelta.high)],
    ["regressions / fixes", `${f.regressions} / ${f.fixes}`, f.mcnemarP === null ? "" : `McNemar p = ${f.mcnemarP.toPrecision(3)}`],
    ["cost per case", `${usd(f.costPerCase.baseline)} → ${usd(f.costPerCase.candidate)} (${ratio(f.costPerCase.ratio.value)})`, interval(f.costPerCase.ratio.low, f.costPerCase.ratio.high, (v) => v.toFixed(2))],
    ["latency p95", `${ms(f.latencyP95.baseline)} → ${ms(f.latencyP95.candidate)} (${ratio(f.latencyP95.ratio.value)})`, interval(f.latencyP95.ratio.low, f.latencyP95.ratio.high, (v) => v.toFixed(2))],
    ["TTFT p50", `${ms(f.ttftP50.baseline)} → ${ms(f.ttftP50.candidate)}`, ""],
    ["error rate", `${pct(f.errorRate.baseline)} → ${pct(f.errorRate.candidate)}`, ""],
  ];
  if (f.passRate) rows.splice(2, 0, ["pass rate", `${pct(f.passRate.baseline)} → ${pct(f.passRate.candidate)}`, ""]);
  return (
    <table className="grid figures" data-table="figures">
      <thead><tr><th>figure</th><th>baseline → candidate</th><th>interval</th></tr></thead>
      <tbody>{rows.map(([name, value, ci]) => <tr key={name} data-figure={name}><td>{name}</td><td className="num">{value}</td><td>{ci}</td></tr>)}</tbody>
    </table>
  );
}

/** The parity card: the server's strings (core parityCard), as every report shows them. */
function Parity({ parity }: { parity: ParityCard | { missing: string } }) {
  if ("missing" in parity) return <p className="muted" data-parity-missing="true">{parity.missing}</p>;
  return (
    <section data-card="parity">
      <h2>Parity</h2>
      <table className="grid figures" data-table="parity">
        <thead><tr>{parity.header.map((h) => <th key={h}>{h}</th>)}</tr></thead>
        <tbody>
          {parity.rows.map((r) => (
            <tr key={r.key} data-parity={r.key}><td>{r.figure}</td><td className="num">{r.baseline}</td><td className="num">{r.candidate}</td><td className="num">{r.difference}</td></tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{parity.note}</p>
    </section>
  );
}

function Slices({ slices }: { slices: Record<string, ComparisonFigures> }) {
  return (
    <details>
      <summary>per tag ({Object.keys(slices).length} slices)</summary>
      <table className="grid" data-table="slices">
        <thead><tr><th>tag</th><th>paired</th><th>quality Δ</th><th>interval</th><th>regressions</th><th>fixes</th></tr></thead>
        <tbody>
          {Object.entries(slices).map(([tag, f]) => (
            <tr key={tag}><td>{tag}</td><td className="num">{f.pairedCases}</td><td className="num">{signed(f.qualityDelta.value)}</td><td>{interval(f.qualityDelta.low, f.qualityDelta.high)}</td><td className="num">{f.regressions}</td><td className="num">{f.fixes}</td></tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function Cases({ route, data, outcome, offset, selected }: { route: Route; data: ComparisonResponse; outcome: string; offset: number; selected: string | undefined }) {
  const counts = data.caseCounts;
  return (
    <section>
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
  return (
    <tr data-case={c.caseId} data-outcome={c.outcome} className={selected ? "selected" : undefined}>
      <td><span className={`badge outcome-${c.outcome}`}>{c.outcome}</span></td>
      <td><a href={href(route.parts, { ...Object.fromEntries(route.params.entries()), case: c.caseId })}>{c.caseId}</a></td>
      <td>{c.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
      <td className="num">{score(c.baselineScore, c.baselinePass)}</td>
      <td className="num">{score(c.candidateScore, c.candidatePass)}</td>
    </tr>
  );
}
