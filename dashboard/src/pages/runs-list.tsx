import { api, type RunListItem } from "../api.js";
import { ErrorNote, Loading, SimulatedBadge, StatusBadge } from "../components/badges.js";
import { ArmTrendChart } from "../components/arm-trend-chart.js";
import { commit, cost, ms, pct, when } from "../format.js";
import { href, updateParams, type Route } from "../router.js";
import { pmHref } from "../pm-links.js";
import { useData } from "../use-data.js";

/** `#/runs?suite=&tag=&verdict=`: every stored run, newest first. */
export function RunsListPage({ route }: { route: Route }) {
  const suite = route.params.get("suite") ?? "";
  const tag = route.params.get("tag") ?? "";
  const verdict = route.params.get("verdict") ?? "";
  const runs = useData(() => api.runs({ suite, tag, limit: 200 }), `${suite}|${tag}`);
  if (runs.error) return <ErrorNote error={runs.error} />;
  if (!runs.data) return <Loading />;
  const shown = runs.data.runs.filter((r) => !verdict || (r.verdict ?? "none") === verdict);
  const suites = [...new Set(runs.data.runs.map((r) => r.run.suite))].sort();
  return (
    <section data-page="runs">
      <h1>Runs</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          suite
          <select name="suite" value={suite} onChange={(e) => updateParams(route, { suite: e.target.value || null })}>
            <option value="">all</option>
            {[...new Set([...suites, ...(suite ? [suite] : [])])].map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label>
          tag
          <input name="tag" defaultValue={tag} placeholder="e.g. main" onKeyDown={(e) => e.key === "Enter" && updateParams(route, { tag: e.currentTarget.value || null })} />
        </label>
        <label>
          verdict
          <select name="verdict" value={verdict} onChange={(e) => updateParams(route, { verdict: e.target.value || null })}>
            <option value="">any</option>
            {["PASS", "FAIL", "INCONCLUSIVE", "none"].map((v) => <option key={v} value={v}>{v}</option>)}
          </select>
        </label>
        <span className="muted" data-count={shown.length}>{shown.length} runs</span>
      </form>
      <RunsTable runs={shown} />
      <h2>Pass rate over time, per arm</h2>
      <div className="chart-row">{suites.slice(0, 4).map((s) => <SuiteTrend key={s} suite={s} />)}</div>
    </section>
  );
}

function RunsTable({ runs }: { runs: RunListItem[] }) {
  if (runs.length === 0) return <p className="muted">no runs match: run `evalgate run &lt;suite&gt;` to record one</p>;
  return (
    <table className="grid" data-table="runs">
      <thead>
        <tr>
          <th>run</th><th>suite</th><th>tags</th><th>commit</th><th>arms (api · model)</th><th>attempts</th><th>pass rate</th><th>errors</th><th>cost</th><th>judge cost</th><th>p95</th><th>verdict</th><th>when</th>
        </tr>
      </thead>
      <tbody>
        {runs.map(({ run, totals, verdict, releases }) => (
          <tr key={run.id} data-run={run.id}>
            <td><a href={href(["runs", run.id])}>{run.id}</a> <SimulatedBadge simulated={run.simulated} /></td>
            <td><a href={href(["runs"], { suite: run.suite })}>{run.suite}</a></td>
            <td>{run.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
            <td><code>{commit(run.gitCommit, run.gitDirty)}</code></td>
            <td data-cell="arms">
              <ul className="arm-list">
                {run.arms.map((a) => <li key={a.arm} data-run-arm={a.arm} title={a.arm}><span>{a.api} · {a.model}</span></li>)}
              </ul>
              <a href={pmHref(run.id, run.arms.map((a) => a.arm))} className="small" data-pm-link>cost vs quality</a>
            </td>
            <td className="num">{totals.attempts}</td>
            <td className="num" data-cell="pass-rate">{pct(totals.passRate?.estimate)}</td>
            <td className="num">{totals.errors}</td>
            <td className="num" data-cell="cost">{cost(totals.knownCost, totals.unknownCostAttempts)}</td>
            <td className="num" data-cell="judge-cost">{totals.judgeCalls > 0 ? cost(totals.judgeCost, totals.judgeUnknownCost) : "—"}</td>
            <td className="num">{ms(totals.slowestLatencyP95)}</td>
            <td data-cell="verdict">
              <StatusBadge status={verdict} />
              {releases.length ? (
                <div className="small">
                  {releases.length === 1 ? "" : "release: "}
                  {releases.map((r, i) => (
                    <a key={r.id} href={href(["release", r.id])} data-release={r.id} className="release-link" title={`ship ${r.baselineArm} → ${r.candidateArm}? ${r.status}`}>
                      {releases.length === 1 ? "release" : i + 1}
                    </a>
                  ))}
                </div>
              ) : null}
            </td>
            <td>{when(run.startedAt)} <span className="muted">{run.status === "completed" ? "" : run.status}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SuiteTrend({ suite }: { suite: string }) {
  const trend = useData(() => api.trend(suite), suite);
  if (trend.error) return <ErrorNote error={trend.error} />;
  if (!trend.data) return <Loading />;
  return (
    <figure>
      <figcaption>{suite}</figcaption>
      <ArmTrendChart suite={suite} points={trend.data.points} />
    </figure>
  );
}
