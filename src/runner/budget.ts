import { lookupModel, type GenerateRequest, type Pricing, formatUsd } from "../core/index.js";

/** What one attempt holds of the budget while it is in flight. */
export interface BudgetReservation {
  readonly usd: number;
  /** Replaces the reservation by what the attempt actually cost (0 when nothing was billed). */
  settle(actualUsd: number): void;
}

/** The runner's view of a budget: reserve before sending, settle after. */
export interface AttemptBudget<A> {
  /**
   * Resolves when the attempt's worst case fits beside the spend and the reservations in
   * flight (waiting for those to settle); null when it cannot fit even with none in flight,
   * or the signal fired: the attempt must not be sent.
   */
  reserve(attempt: A, signal?: AbortSignal): Promise<BudgetReservation | null>;
  /** All of a batch chunk's attempts at once, or none (null): see Budget.reserveAll. */
  reserveAll(attempts: readonly A[], signal?: AbortSignal): Promise<BudgetReservation[] | null>;
  /** Spend nothing reserved: a batch submitted by an earlier process, collected now. */
  charge(usd: number | null): void;
}

export interface BudgetState {
  maxUsd: number;
  /** Settled spend, including what earlier executions of the run spent (resume). */
  spentUsd: number;
  /** Held by attempts in flight. */
  reservedUsd: number;
  remainingUsd: number;
  /** Attempts refused because their reservation did not fit. */
  refused: number;
}

/**
 * A spending cap for a run (docs/design/architecture.md §4 `budget.max_cost`, `--max-cost`). Each attempt
 * reserves its worst-case cost before it is sent and settles to its actual cost after, so
 * spend + reservations never pass the cap: the run stops before the cap, not after it.
 */
export class Budget<A> implements AttemptBudget<A> {
  private spent: number;
  private reserved = 0;
  private refused = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly maxUsd: number,
    private readonly worstCaseUsd: (attempt: A) => number,
    priorSpentUsd = 0,
  ) {
    this.spent = priorSpentUsd;
  }

  async reserve(attempt: A, signal?: AbortSignal): Promise<BudgetReservation | null> {
    const usd = this.worstCaseUsd(attempt);
    while (this.spent + this.reserved + usd > this.maxUsd) {
      if (this.spent + usd > this.maxUsd || signal?.aborted) {
        this.refused++;
        return null;
      }
      // Attempts in flight hold reservations that will settle lower: wait for one.
      await this.settled(signal);
    }
    this.reserved += usd;
    return this.holding(usd);
  }

  /**
   * Reserves a whole batch chunk at once (docs/reliability.md "Batch runs"): all its
   * attempts' worst cases fit together beside the spend and what is in flight, or none is
   * reserved — a batch cannot be stopped half-way, so it is checked before it is submitted.
   * Null when the chunk cannot fit even with nothing in flight, or the signal fired.
   */
  async reserveAll(attempts: readonly A[], signal?: AbortSignal): Promise<BudgetReservation[] | null> {
    const each = attempts.map((a) => this.worstCaseUsd(a));
    const usd = each.reduce((sum, x) => sum + x, 0);
    while (this.spent + this.reserved + usd > this.maxUsd) {
      if (this.spent + usd > this.maxUsd || signal?.aborted) {
        this.refused += attempts.length;
        return null;
      }
      await this.settled(signal);
    }
    this.reserved += usd;
    return each.map((x) => this.holding(x));
  }

  private holding(usd: number): BudgetReservation {
    let settled = false;
    return {
      usd,
      settle: (actualUsd: number) => {
        if (settled) return;
        settled = true;
        this.reserved -= usd;
        this.spent += actualUsd;
        for (const wake of [...this.waiters]) wake();
      },
    };
  }

  private settled(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.waiters.delete(wake);
        signal?.removeEventListener("abort", wake);
        resolve();
      };
      this.waiters.add(wake);
      signal?.addEventListener("abort", wake, { once: true });
    });
  }

  /**
   * Spend that was not reserved (a judge's call while grading): charged as it happens, so
   * the arms' reservations see it. Judges are refused once nothing remains.
   */
  charge(usd: number | null): void {
    this.spent += usd ?? 0;
  }

  /** Why no unreserved call may be made now, or null (the graders' JudgeBudget shape). */
  refusal(): string | null {
    return this.spent + this.reserved >= this.maxUsd ? `the run's budget of ${formatUsd(this.maxUsd)} is spent or held by attempts in flight` : null;
  }

  state(): BudgetState {
    return {
      maxUsd: this.maxUsd,
      spentUsd: this.spent,
      reservedUsd: this.reserved,
      remainingUsd: Math.max(0, this.maxUsd - this.spent),
      refused: this.refused,
    };
  }
}

/** Tokens of message framing (role, separators) reserved per message, and once more for the reply's priming. */
const FRAMING_TOKENS = 8;

/**
 * An upper bound on the input tokens an attempt can be billed for, without a tokenizer: the
 * UTF-8 bytes of its text as JSON, plus FRAMING_TOKENS per message and once more. OpenAI's
 * tokenizers are byte-level BPE (no token is shorter than a byte), and JSON only lengthens
 * the text; why this holds for schemas and tools too: docs/reliability.md §Budget.
 */
export function inputTokenBound(request: GenerateRequest): number {
  const parts: unknown[] = [request.instructions ?? "", request.messages];
  if (request.output) parts.push(request.output.schema);
  if (request.tools) parts.push(request.tools);
  return Buffer.byteLength(JSON.stringify(parts), "utf8") + FRAMING_TOKENS * (request.messages.length + 1);
}

/** The most output an attempt can be billed for: its `max_output_tokens`, else the model's maximum. */
export function outputTokenBound(request: GenerateRequest): number | null {
  return request.params.max_output_tokens ?? lookupModel(request.model)?.maxOutputTokens ?? null;
}

/**
 * Worst-case USD of one attempt: every input token at the uncached price, the whole
 * output allowance at the output price (reasoning tokens are output). null when the
 * price or the output bound is unknown: such an attempt cannot be held to a budget.
 */
export function worstCaseCostUsd(request: GenerateRequest, pricing: Pricing | null): number | null {
  const output = outputTokenBound(request);
  if (!pricing || output === null) return null;
  return (inputTokenBound(request) * pricing.input + output * pricing.output) / 1e6;
}
