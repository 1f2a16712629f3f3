import { api, type ArmSetArm, type ArmSetResponse } from "../api.js";
import { ArmLabel } from "../components/arm-label.js";
import { ErrorNote, Loading } from "../components/badges.js";
import { CostQualityPlot } from "../components/cost-quality-plot.js";
import { formatEstimate, formatPassRate, usd, when } from "../format.js";
import { href, type Route } from "../router.js";
import { useData } from "../use-data.js";
import { ArmPicker } from "./arm-picker.js";

/** `#/pm?arm=…`: any arms, across runs, on the cases they share — cost per 1,000 requests against pass rate, both with intervals. */
export function PmPage({ route }: { route: Route }) {
  const keys = route.params.getAll("arm");
  const set = useData(() => api.armSet(keys), keys.join("\n"));
  return (
    <section data-page="pm">
      <h1>Cost vs quality</h1>
      <ArmPicker chosen={keys} />
      {keys.length === 0 ? (
        <p className="muted">choose arms above (any runs), or open this page from a run: “cost vs quality” in the runs list</p>
      ) : set.error ? (
        <ErrorNote error={set.error} />
      ) : !set.data ? (
        <Loading />
      ) : (
        <ArmSetView set={set.data} />
      )}
    </section>
  );
}

function ArmSetView({ set }: { set: ArmSetResponse }) {
  const titles = Object.fromEntries(set.arms.map((a) => [a.key, `${a.arm} (${a.runId}): pass rate ${formatPassRate(a.summary.passRate)}, ${costText(a)} per 1,000 requests`]));
  return (
    <>
      <Comparability set={set} />
      <figure className="chart-box">
        <CostQualityPlot
          points={set.arms.map((a) => ({ key: a.key, label: a.arm, cost: a.costPer1k, quality: a.summary.passRate, frontier: a.frontier }))}
          titles={titles}
        />
      </figure>
      <table className="grid" data-table="arm-set">
        <thead>
          <tr><th>arm</th><th>run</th><th>pass rate [95% CI]</th><th>cost per 1,000 requests [95% CI]</th><th>judge cost per 1,000 requests</th><th>cases</th><th>attempts</th><th>Pareto frontier</th></tr>
        </thead>
        <tbody>
          {set.arms.map((a) => (
            <tr key={a.key} data-arm-key={a.key}>
              <td><ArmLabel view={a} /></td>
              <td><a href={href(["runs", a.runId])}>{a.runId}</a>{a.startedAt ? <div className="muted">{when(a.startedAt)}</div> : null}</td>
              <td className="num" data-cell="pass-rate">{formatPassRate(a.summary.passRate)}</td>
              <td className="num" data-cell="cost-1k">{costText(a)}</td>
              <td className="num" data-cell="judge-cost-1k">{a.summary.judgeCalls > 0 ? usd(a.judgeCostPer1k) : "—"}</td>
              <td className="num">{a.summary.cases}</td>
              <td className="num">{a.summary.attempts}</td>
              <td data-cell="frontier">{a.frontier ? "on the frontier" : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted" data-price-table={set.priceTableVersion}>
        cost: USD at the model catalog's prices as of {set.priceTableVersion} (a target's own <code>pricing</code> overrides them), over the answered attempts; judge cost is what model graders spent, apart from the arm's own. Intervals: pass rate Wilson 95% clustered by case; cost per 1,000 requests t 95% clustered by case.
      </p>
    </>
  );
}

/** USD per 1,000 requests with its interval, in the CLI's estimate format; "unknown" when a price is. */
function costText(a: ArmSetArm): string {
  return a.costPer1k ? formatEstimate({ value: a.costPer1k.estimate, low: a.costPer1k.low, high: a.costPer1k.high }, usd) : "unknown";
}

function Comparability({ set }: { set: ArmSetResponse }) {
  if (set.differingTotal === 0) return <p className="meta" data-shared-cases={set.sharedCases}>compared on {set.sharedCases} cases every arm answered with the same vars</p>;
  return (
    <div className="warnings" data-shared-cases={set.sharedCases} data-differing={set.differingTotal}>
      <p>
        compared on the {set.sharedCases} cases every arm answered with the same vars; {set.differingTotal} case{set.differingTotal === 1 ? "" : "s"} left out:
      </p>
      <ul>
        {set.differing.map((d) => <li key={d.caseId} data-differing-case={d.caseId}><code>{d.caseId}</code> {d.reason}</li>)}
        {set.differingTotal > set.differing.length ? <li>…and {set.differingTotal - set.differing.length} more</li> : null}
      </ul>
    </div>
  );
}
