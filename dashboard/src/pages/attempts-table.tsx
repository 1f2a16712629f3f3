import { useState } from "react";
import { api, type AttemptRow, type RunDetailResponse } from "../api.js";
import { ErrorNote, Loading, SimulatedBadge } from "../components/badges.js";
import { OutputText, VarsText } from "../components/output-view.js";
import { ms, usd } from "../format.js";
import { updateParams, type Route } from "../router.js";
import { useData } from "../use-data.js";

const PAGE = 50;
const STATUS_LABELS: Record<string, string> = { "": "all", fail: "failing", error: "errored", pass: "passing" };

/** The attempts of a run, filtered and paged by URL params (arm, status, grader, tag, q, offset). */
export function AttemptsSection({ route, runId, detail }: { route: Route; runId: string; detail: RunDetailResponse }) {
  const p = route.params;
  const filters = { arm: p.get("arm") ?? "", status: p.get("status") ?? "", grader: p.get("grader") ?? "", tag: p.get("tag") ?? "", search: p.get("q") ?? "" };
  const offset = Number(p.get("offset") ?? 0) || 0;
  const page = useData(() => api.attempts(runId, { ...filters, limit: PAGE, offset }), `${runId}|${JSON.stringify(filters)}|${offset}`);
  const set = (changes: Record<string, string | null>) => updateParams(route, { ...changes, offset: null });
  return (
    <section className="attempts">
      <h2>Attempts</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <Select name="arm" value={filters.arm} options={detail.summary.arms.map((a) => a.arm)} onChange={(v) => set({ arm: v })} />
        <label>
          status
          <select name="status" value={filters.status} onChange={(e) => set({ status: e.target.value || null })}>
            {Object.entries(STATUS_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
        </label>
        <Select name="grader" value={filters.grader} options={detail.graders} onChange={(v) => set({ grader: v })} />
        <Select name="tag" value={filters.tag} options={detail.caseTags} onChange={(v) => set({ tag: v })} />
        <label>
          search
          <input name="q" type="search" defaultValue={filters.search} placeholder="case id, output, error" onKeyDown={(e) => e.key === "Enter" && set({ q: e.currentTarget.value || null })} />
        </label>
        {page.data ? <span className="muted" data-total={page.data.total}>{page.data.total} attempts</span> : null}
      </form>
      {page.error ? <ErrorNote error={page.error} /> : !page.data ? <Loading /> : <AttemptsTable runId={runId} rows={page.data.attempts} />}
      {page.data ? <Pager total={page.data.total} offset={offset} onGo={(o) => updateParams(route, { offset: o || null })} /> : null}
    </section>
  );
}

function Select({ name, value, options, onChange }: { name: string; value: string; options: string[]; onChange: (v: string | null) => void }) {
  return (
    <label>
      {name}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value || null)}>
        <option value="">all</option>
        {[...new Set([...options, ...(value ? [value] : [])])].map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );
}

function Pager({ total, offset, onGo }: { total: number; offset: number; onGo: (offset: number) => void }) {
  if (total <= PAGE) return null;
  return (
    <p className="pager">
      <button type="button" disabled={offset === 0} onClick={() => onGo(Math.max(0, offset - PAGE))}>← previous</button>
      <span> {offset + 1}–{Math.min(total, offset + PAGE)} of {total} </span>
      <button type="button" disabled={offset + PAGE >= total} onClick={() => onGo(offset + PAGE)}>next →</button>
    </p>
  );
}

function AttemptsTable({ runId, rows }: { runId: string; rows: AttemptRow[] }) {
  if (rows.length === 0) return <p className="muted" data-empty>no attempts match these filters</p>;
  return (
    <table className="grid" data-table="attempts">
      <thead>
        <tr><th>case</th><th>vars</th><th>output</th><th>scores</th><th>tokens</th><th>cost</th><th>latency</th><th>TTFT</th></tr>
      </thead>
      <tbody>{rows.map((a) => <AttemptRowView key={`${a.caseId}|${a.arm}|${a.repeat}`} runId={runId} a={a} />)}</tbody>
    </table>
  );
}

function AttemptRowView({ runId, a }: { runId: string; a: AttemptRow }) {
  const [raw, setRaw] = useState(false);
  const status = a.status === "error" ? "error" : a.pass ? "pass" : "fail";
  const usage = a.output?.usage;
  return (
    <>
      <tr data-attempt={`${a.caseId}/${a.arm}/${a.repeat}`} data-status={status}>
        <td>
          <div><b>{a.caseId}</b>{a.repeat > 0 ? <span className="muted"> #{a.repeat}</span> : null}</div>
          <div className="muted">{a.arm}</div>
          <span className={`badge ${status}`}>{status}</span> {a.replayed ? <span className="badge muted">replayed</span> : null} <SimulatedBadge simulated={a.simulated} />
          {a.tags.map((t) => <span key={t} className="tag">{t}</span>)}
          <div><button type="button" className="link" onClick={() => setRaw(!raw)}>{raw ? "hide raw" : "raw"}</button></div>
        </td>
        <td><VarsText vars={a.vars} /></td>
        <td>{a.error ? <pre className="error-text">{a.error.kind}: {a.error.message}</pre> : <OutputText output={a.output} clamp />}</td>
        <td>
          <ul className="scores">
            {a.scores.map((s) => (
              <li key={s.grader} data-grader={s.grader} className={s.pass ? "pass" : "fail"}>
                <b>{s.grader}</b> {s.value === null ? "unscored" : s.value.toFixed(2)} {s.pass ? "✓" : "✗"} <span className="muted">{s.reason}</span>
              </li>
            ))}
          </ul>
        </td>
        <td className="num">{usage ? `${usage.inputTokens} → ${usage.outputTokens}` : "—"}</td>
        <td className="num">{usd(a.cost.usd)}</td>
        <td className="num">{ms(a.output?.latency.totalMs)}</td>
        <td className="num">{ms(a.output?.latency.ttftMs)}</td>
      </tr>
      {raw ? <tr><td colSpan={8}><RawPayloads runId={runId} a={a} /></td></tr> : null}
    </>
  );
}

function RawPayloads({ runId, a }: { runId: string; a: AttemptRow }) {
  const full = useData(() => api.attempt(runId, a.caseId, a.arm, a.repeat), `${runId}|${a.caseId}|${a.arm}|${a.repeat}`);
  if (full.error) return <ErrorNote error={full.error} />;
  if (!full.data) return <Loading />;
  const out = full.data.attempt.output;
  return (
    <div className="raw">
      <div><h4>request</h4><pre>{JSON.stringify(out?.raw.request ?? null, null, 2)}</pre></div>
      <div><h4>response</h4><pre>{JSON.stringify(out?.raw.response ?? full.data.attempt.error ?? null, null, 2)}</pre></div>
    </div>
  );
}
