import {
  compareIds,
  EvalgateError,
  type ArmInfo,
  type Attempt,
  type BatchIntent,
  type Comparison,
  type Run,
  type RunPlan,
  type RunStatus,
} from "../../core/index.js";
import { summarizeTotals, type ArmSummary } from "../../stats/index.js";
import { redactedStableJson, redactSecrets } from "../redact-secrets.js";
import { extractImages, type StoredImage } from "../image-refs.js";
import { describeRecentRuns, findRunByRef } from "../run-ref.js";
import { summarizeAttempts } from "../tally-attempts.js";
import {
  attemptKeyString,
  STREAM_PAGE,
  type AttemptFilter,
  type AttemptPage,
  type AttemptQuery,
  type ResumeState,
  type RunListQuery,
  type RunSummary,
  type Store,
  type StoredCase,
  type StoredComparisonHead,
  type StoredLook,
  type StoredShard,
  type StoredSuite,
} from "../store.js";

/** What a payload becomes once stored: secrets redacted, a JSON copy (as a blob would read back). */
const asStored = <T>(value: T): T => JSON.parse(redactedStableJson(value ?? null)) as T;
const copy = <T>(value: T): T => structuredClone(value);

/** Attempts the run stopped before answering: resume sends them again. */
const UNFINISHED_ERROR_KINDS: ReadonlySet<string> = new Set(["cancelled", "budget_exceeded"]);

interface RunRecord {
  run: Omit<Run, "arms" | "tags">;
  arms: Map<string, { position: number; info: ArmInfo }>;
  tags: Map<string, number>;
  cases: Map<string, { position: number; value: StoredCase }>;
  attempts: Map<string, Attempt>;
  plan?: RunPlan;
  /** Set when the run finishes; dropped when any of its attempts changes (as SQLite's triggers do). */
  summary?: ArmSummary[];
}

/**
 * The Store in this process's memory (`memory:`): for tests, demos and library callers that
 * keep nothing. It means what the SQLite store means — the same conformance suite — and
 * stores what SQLite would read back: payloads and errors with credentials redacted, copies
 * in and out.
 */
export class MemoryStore implements Store {
  private readonly runs = new Map<string, RunRecord>();
  private readonly suites = new Map<string, unknown>();
  private readonly comparisons = new Map<string, Comparison>();
  private readonly cache = new Map<string, unknown>();
  private readonly images = new Map<string, StoredImage>();
  private readonly looks = new Map<string, StoredLook[]>();
  private readonly shards = new Map<string, Map<number, StoredShard>>();
  private readonly batchIntents = new Map<string, Map<string, BatchIntent>>();
  private closed = false;

  constructor(readonly location = "memory:") {}

  async createRun(run: Run, suite: StoredSuite, cases: StoredCase[]): Promise<void> {
    this.open();
    if (!this.suites.has(suite.hash)) this.suites.set(suite.hash, asStored(suite.source));
    let record = this.runs.get(run.id);
    if (!record) {
      const { arms: _arms, tags: _tags, ...head } = copy(run);
      this.runs.set(run.id, (record = { run: head, arms: new Map(), tags: new Map(), cases: new Map(), attempts: new Map() }));
    }
    const r = record;
    run.arms.forEach((a, i) => r.arms.has(a.arm) || r.arms.set(a.arm, { position: i, info: copy(a) }));
    run.tags.forEach((t, i) => r.tags.has(t) || r.tags.set(t, i));
    cases.forEach((c, i) => r.cases.has(c.id) || r.cases.set(c.id, { position: i, value: { ...copy(c), vars: asStored(c.vars) } }));
  }

  async recordAttempt(attempt: Attempt): Promise<void> {
    const record = this.open().runs.get(attempt.runId);
    if (!record) {
      throw new EvalgateError("INTERNAL", `attempt ${attempt.caseId}/${attempt.repeat} of ${attempt.arm} names run ${attempt.runId}, which ${this.location} does not hold`);
    }
    const stored: Attempt = JSON.parse(JSON.stringify({ ...attempt, output: null, error: attempt.error ? redactSecrets(attempt.error) : null })) as Attempt;
    if (attempt.output) {
      const { raw, ...rest } = attempt.output;
      const apart = extractImages(raw.request);
      for (const image of apart.images) if (!this.images.has(image.sha256)) this.images.set(image.sha256, { ...image, bytes: Buffer.from(image.bytes) });
      stored.output = { ...copy(rest), raw: { request: asStored(apart.request), response: asStored(raw.response) } };
      // A tool loop's steps keep their raw payloads as the attempt's are kept (credentials redacted).
      stored.output.trajectory?.steps.forEach((step, i) => {
        const sent = attempt.output!.trajectory!.steps[i]!.raw;
        step.raw = { request: asStored(sent.request), response: asStored(sent.response) };
      });
    }
    record.attempts.set(attemptKeyString(attempt.caseId, attempt.arm, attempt.repeat), stored);
    delete record.summary;
  }

  async recordCaseAttempts(runId: string, kase: StoredCase, attempts: Attempt[]): Promise<void> {
    const record = this.open().runs.get(runId);
    if (!record) throw new EvalgateError("INTERNAL", `case ${kase.id} names run ${runId}, which ${this.location} does not hold`);
    if (!record.cases.has(kase.id)) record.cases.set(kase.id, { position: 0, value: { ...copy(kase), vars: asStored(kase.vars) } });
    for (const attempt of attempts) await this.recordAttempt(attempt);
  }

  async finishRun(runId: string, status: RunStatus, finishedAt: string): Promise<void> {
    const record = this.open().runs.get(runId);
    if (!record) throw new EvalgateError("INTERNAL", `cannot finish run ${runId}: ${this.location} does not hold it`);
    record.run.status = status;
    record.run.finishedAt = finishedAt;
    record.summary = this.tally(record);
  }

  async getRun(runId: string): Promise<Run | undefined> {
    const record = this.open().runs.get(runId);
    return record ? runOf(record) : undefined;
  }

  async listRuns(query: RunListQuery = {}): Promise<RunSummary[]> {
    return this.list(query).map((r) => this.summaryOf(r));
  }

  async summarizeRun(runId: string): Promise<RunSummary | undefined> {
    const record = this.open().runs.get(runId);
    return record ? this.summaryOf(record) : undefined;
  }

  async resolveRunRef(ref: string, options: { suite?: string } = {}): Promise<Run> {
    const list = (filter: { suite?: string; tag?: string; idPrefix?: string; limit: number }) => this.list(filter).map(runOf);
    const found = findRunByRef(ref.trim(), options.suite, { get: (id) => this.runs.has(id) ? runOf(this.runs.get(id) as RunRecord) : undefined, list });
    if (found) return found;
    throw describeRecentRuns(ref, options.suite, this.location, list({ limit: 5 }));
  }

  async listAttempts(runId: string, query: AttemptQuery): Promise<AttemptPage> {
    const matching = this.matching(runId, query);
    const offset = Math.max(0, Math.floor(query.offset));
    const page = matching.slice(offset, offset + Math.max(0, Math.floor(query.limit)));
    return { total: matching.length, attempts: page.map((a) => readBack(a, query.includeRaw === true)) };
  }

  async *streamAttempts(runId: string, filter: AttemptFilter = {}): AsyncIterable<Attempt> {
    const matching = this.matching(runId, filter);
    for (let i = 0; i < matching.length; i += STREAM_PAGE) {
      yield* matching.slice(i, i + STREAM_PAGE).map((a) => readBack(a, filter.includeRaw === true));
    }
  }

  async getAttempt(runId: string, caseId: string, arm: string, repeat: number): Promise<Attempt | undefined> {
    const a = this.open().runs.get(runId)?.attempts.get(attemptKeyString(caseId, arm, repeat));
    return a ? readBack(a, true) : undefined;
  }

  async resumeState(runId: string): Promise<ResumeState> {
    const completed = new Set<string>();
    let spentUsd = 0;
    for (const [key, a] of this.open().runs.get(runId)?.attempts ?? []) {
      if (a.status === "ok" || !UNFINISHED_ERROR_KINDS.has(a.error?.kind ?? "")) completed.add(key);
      if (a.status === "ok" && !a.replayed) spentUsd += a.cost.usd ?? 0;
    }
    return { completed, spentUsd };
  }

  async getCases(runId: string): Promise<StoredCase[]> {
    const cases = [...(this.open().runs.get(runId)?.cases.values() ?? [])];
    return cases.sort((a, b) => a.position - b.position || compareIds(a.value.id, b.value.id)).map((c) => copy(c.value));
  }

  async getSuiteSource(hash: string): Promise<unknown> {
    const source = this.open().suites.get(hash);
    return source === undefined ? undefined : copy(source);
  }

  async saveRunPlan(runId: string, plan: RunPlan): Promise<void> {
    const record = this.open().runs.get(runId);
    if (!record) throw new EvalgateError("INTERNAL", `cannot save the plan of run ${runId}: ${this.location} does not hold it`);
    record.plan = asStored(plan);
  }

  async getRunPlan(runId: string): Promise<RunPlan | undefined> {
    const plan = this.open().runs.get(runId)?.plan;
    return plan ? copy(plan) : undefined;
  }

  async saveComparison(comparison: Comparison): Promise<void> {
    this.open().comparisons.set(comparison.id, asStored(comparison));
  }

  async listComparisons(runId: string): Promise<Comparison[]> {
    return this.comparisonsOf(runId).map(copy);
  }

  async listComparisonHeads(runId: string): Promise<StoredComparisonHead[]> {
    return this.comparisonsOf(runId).map((c) => ({
      id: c.id,
      baselineRunId: c.baselineRunId,
      candidateRunId: c.candidateRunId,
      baselineArm: c.baselineArm,
      candidateArm: c.candidateArm,
      status: c.verdict.status,
      createdAt: c.createdAt,
    }));
  }

  async getComparison(id: string): Promise<Comparison | undefined> {
    const c = this.open().comparisons.get(id);
    return c ? copy(c) : undefined;
  }

  async recordLook(look: StoredLook): Promise<number> {
    const looks = this.open().looks;
    const list = looks.get(look.key) ?? [];
    looks.set(look.key, list);
    const at = list.findIndex((l) => l.candidateRunId === look.candidateRunId);
    if (at >= 0) return at + 1;
    list.push({ ...look });
    return list.length;
  }

  async listLooks(key: string): Promise<StoredLook[]> {
    return (this.open().looks.get(key) ?? []).map((l) => ({ ...l }));
  }

  async recordShard(runId: string, shard: StoredShard): Promise<{ completed: number }> {
    if (!this.open().runs.has(runId)) throw new EvalgateError("INTERNAL", `cannot record shard ${shard.index}/${shard.count}: ${this.location} does not hold run ${runId}`);
    const shards = this.shards.get(runId) ?? new Map<number, StoredShard>();
    this.shards.set(runId, shards);
    shards.set(shard.index, { ...shard });
    return { completed: [...shards.values()].filter((s) => s.status === "completed").length };
  }

  async saveBatchIntent(runId: string, intent: BatchIntent): Promise<void> {
    if (!this.open().runs.has(runId)) throw new EvalgateError("INTERNAL", `cannot record batch chunk ${intent.chunk}: ${this.location} does not hold run ${runId}`);
    const intents = this.batchIntents.get(runId) ?? new Map<string, BatchIntent>();
    this.batchIntents.set(runId, intents);
    intents.set(intent.chunk, copy(intent));
  }

  async listBatchIntents(runId: string): Promise<BatchIntent[]> {
    return [...(this.open().batchIntents.get(runId)?.values() ?? [])].sort((a, b) => (a.chunk < b.chunk ? -1 : a.chunk > b.chunk ? 1 : 0)).map(copy);
  }

  async listShards(runId: string): Promise<StoredShard[]> {
    return [...(this.open().shards.get(runId)?.values() ?? [])].sort((a, b) => a.index - b.index).map((s) => ({ ...s }));
  }

  async getImage(sha256: string): Promise<StoredImage | undefined> {
    const image = this.open().images.get(sha256);
    return image ? { ...image, bytes: Buffer.from(image.bytes) } : undefined;
  }

  async cacheGet(key: string): Promise<unknown | undefined> {
    const hit = this.open().cache.get(key);
    return hit === undefined ? undefined : copy(hit);
  }

  async cachePut(key: string, response: unknown): Promise<void> {
    this.open().cache.set(key, asStored(response));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private open(): this {
    if (this.closed) throw new EvalgateError("INTERNAL", `${this.location} is closed`);
    return this;
  }

  /** Newest first (start time, then id), as SQLite lists them. */
  private list(filter: { suite?: string; tag?: string; idPrefix?: string; limit?: number }): RunRecord[] {
    const runs = [...this.open().runs.values()].filter(
      (r) =>
        (filter.suite === undefined || r.run.suite === filter.suite) &&
        (filter.tag === undefined || r.tags.has(filter.tag)) &&
        (filter.idPrefix === undefined || r.run.id.startsWith(filter.idPrefix)),
    );
    runs.sort((a, b) => compareIds(b.run.startedAt, a.run.startedAt) || compareIds(b.run.id, a.run.id));
    return runs.slice(0, filter.limit ?? 50);
  }

  private summaryOf(record: RunRecord): RunSummary {
    const arms = record.summary ?? this.tally(record);
    return { run: runOf(record), arms: copy(arms), totals: summarizeTotals(arms) };
  }

  private tally(record: RunRecord): ArmSummary[] {
    return summarizeAttempts(runOf(record).arms.map((a) => a.arm), record.attempts.values());
  }

  private matching(runId: string, f: AttemptFilter): Attempt[] {
    const record = this.open().runs.get(runId);
    if (!record) return [];
    const needle = f.search ? asciiLower(f.search) : undefined;
    const hasTag = (caseId: string) => record.cases.get(caseId)?.value.tags.includes(f.tag as string) === true;
    return [...record.attempts.values()]
      .filter(
        (a) =>
          (f.arm === undefined || a.arm === f.arm) &&
          (f.caseId === undefined || a.caseId === f.caseId) &&
          (f.status === undefined || outcomeOf(a) === f.status) &&
          (f.grader === undefined || a.scores.some((s) => s.grader === f.grader && (f.status !== "fail" || !s.pass))) &&
          (f.tag === undefined || hasTag(a.caseId)) &&
          (needle === undefined || [a.caseId, a.output?.text, a.error?.message].some((t) => t !== undefined && asciiLower(t).includes(needle))),
      )
      .sort((a, b) => compareIds(a.caseId, b.caseId) || compareIds(a.arm, b.arm) || a.repeat - b.repeat);
  }

  private comparisonsOf(runId: string): Comparison[] {
    return [...this.open().comparisons.values()]
      .filter((c) => c.baselineRunId === runId || c.candidateRunId === runId)
      .sort((a, b) => compareIds(a.createdAt, b.createdAt) || compareIds(a.id, b.id));
  }
}

function runOf(record: RunRecord): Run {
  const arms = [...record.arms.values()].sort((a, b) => a.position - b.position || compareIds(a.info.arm, b.info.arm)).map((a) => copy(a.info));
  const tags = [...record.tags].sort((a, b) => a[1] - b[1] || compareIds(a[0], b[0])).map(([t]) => t);
  return { ...copy(record.run), tags, arms };
}

function outcomeOf(a: Attempt): "pass" | "fail" | "error" | null {
  if (a.status === "error") return "error";
  return a.pass === true ? "pass" : a.pass === false ? "fail" : null;
}

/** SQLite's LIKE folds ASCII letters only. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function readBack(a: Attempt, includeRaw: boolean): Attempt {
  const out = copy(a);
  if (out.output && !includeRaw) {
    out.output.raw = { request: null, response: null };
    for (const step of out.output.trajectory?.steps ?? []) step.raw = { request: null, response: null };
  }
  return out;
}
