import { api, type ArmInfo, type ArmSummary, type RunDetailResponse } from "../api.js";
import { ErrorNote, Loading, SimulatedBadge, StatusBadge } from "../components/badges.js";
import { HistogramChart } from "../components/charts.js";
import { CostQualityPlot } from "../components/cost-quality-plot.js";
import { commit, cost, interval, ms, pct, usd, when } from "../format.js";

/** How the pass rate is counted (stats/arm-summary PASS_RATE_NOTE). */
const PASS_RATE_LABEL = "passing attempts over all attempts; an errored attempt counts as not passed";
import { pmHref } from "../pm-links.js";
import { href, type Route } from "../router.js";
import { useData } from "../use-data.js";
import { AttemptsSection } from "./attempts-table.js";

/** Attempts per arm read for the latency and TTFT charts. */
const DISTRIBUTION_SAMPLE = 500;

/** `#/runs/ID?arm=&status=&grader=&tag=&q=&offset=`: one run, its arms, charts and attempts. */
export function RunDetailPage({ route, runId }: { route: Route; runId: string }) {
  const detail = useData(() => api.run(runId), runId);
  if (detail.error) return <ErrorNote error={detail.error} />;
  if (!detail.data) return <Loading />;
  const { summary, comparisons } = detail.data;
  const { run } = summary;
  return (
    <section data-page="run" data-run={run.id}>
      <p><a href={href(["runs"])}>← runs</a></p>
      <h1>
        {run.id} <SimulatedBadge simulated={run.simulated} />
      </h1>
      <p className="meta">
        suite <a href={href(["runs"], { suite: run.suite })}>{run.suite}</a> · {run.status} · commit <code>{commit(run.gitCommit, run.gitDirty)}</code> · {when(run.startedAt)}
        {run.tags.map((t) => <span key={t} className="tag">{t}</span>)}
      </p>
      {comparisons.length ? (
        <ul className="comparisons">
          {comparisons.map((c) => (
            <li key={c.id}>
              <StatusBadge status={c.verdict.status} /> <a href={href(["compare", c.id])}>{c.baselineArm} → {c.candidateArm}</a>
              <span className="muted"> ({c.caseCounts.regression} regressions, {c.caseCounts.fix} fixes)</span>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="cards">
        {summary.arms.map((a) => <ArmCard key={a.arm} summary={a} info={run.arms.find((i) => i.arm === a.arm)} />)}
      </div>
      <Charts detail={detail.data} />
      <AttemptsSection route={route} runId={run.id} detail={detail.data} />
    </section>
  );
}

function ArmCard({ summary: a, info }: { summary: ArmSummary; info: ArmInfo | undefined }) {
  return (
    <article className="card" data-arm={a.arm}>
      <h3>{a.arm} {info ? <SimulatedBadge simulated={info.simulated} /> : null}</h3>
      {info ? <p className="muted">{info.api} · {info.model}</p> : null}
      <dl>
        <dt title={PASS_RATE_LABEL}>pass rate</dt><dd data-cell="pass-rate">{pct(a.passRate?.estimate)} <span className="muted">{interval(a.passRate?.low, a.passRate?.high, (v) => pct(v, 0))}</span></dd>
        <dt>mean score</dt><dd>{a.meanScore === null ? "—" : a.meanScore.toFixed(3)}</dd>
        <dt>attempts</dt><dd data-cell="attempts">{a.attempts} ({a.passed} pass, {a.failed} fail, {a.errors} errors)</dd>
        <dt>cost</dt><dd data-cell="cost">{cost(a.knownCost, a.unknownCostAttempts)}</dd>
        <dt>cost per case</dt><dd data-cell="cost-per-case">{usd(a.costPerCase)}</dd>
        <dt title="input tokens the API served from its prompt cache, at the cached price">cached input</dt><dd data-cell="cached-input">{pct(a.cachedInputShare)}</dd>
        <dt>p95 latency</dt><dd data-cell="p95">{ms(a.latencyP95)}</dd>
      </dl>
      {info?.warnings.length ? <ul className="warnings">{info.warnings.map((w) => <li key={w}>{w}</li>)}</ul> : null}
    </article>
  );
}

function Charts({ detail }: { detail: RunDetailResponse }) {
  const { summary } = detail;
  const arms = summary.arms.map((a) => a.arm);
  const samples = useData(
    () => Promise.all(arms.map((arm) => api.attempts(summary.run.id, { arm, limit: DISTRIBUTION_SAMPLE }))),
    `${summary.run.id}|${arms.join(",")}`,
  );
  const set = useData(() => api.armSet(arms.map((arm) => `${summary.run.id}:${arm}`)), `set|${summary.run.id}|${arms.join(",")}`);
  const latency = samples.data?.map((page, i) => ({ label: arms[i] ?? "", values: page.attempts.flatMap((t) => (t.output ? [t.output.latency.totalMs] : [])) }));
  const ttft = samples.data?.map((page, i) => ({ label: arms[i] ?? "", values: page.attempts.flatMap((t) => (t.output?.latency.ttftMs != null ? [t.output.latency.ttftMs] : [])) }));
  const sampled = samples.data?.some((p) => p.total > p.attempts.length);
  return (
    <div className="chart-row">
      <figure>
        <figcaption>cost vs quality per arm (95% intervals) · <a href={pmHref(summary.run.id, arms)}>compare with other runs</a></figcaption>
        {set.data ? <CostQualityPlot points={set.data.arms.map((a) => ({ key: a.key, label: a.arm, cost: a.costPer1k, quality: a.summary.passRate, frontier: a.frontier }))} titles={{}} /> : set.error ? <ErrorNote error={set.error} /> : <Loading />}
      </figure>
      <figure>
        <figcaption>latency{sampled ? ` (first ${DISTRIBUTION_SAMPLE} attempts per arm)` : ""}</figcaption>
        {latency ? <HistogramChart series={latency} unit="ms" name="latency" /> : <Loading />}
      </figure>
      <figure>
        <figcaption>time to first token</figcaption>
        {ttft ? <HistogramChart series={ttft} unit="ms" name="ttft" /> : <Loading />}
      </figure>
    </div>
  );
}
