/**
 * The mirror's daily spending cap (`--budget-per-day USD`, docs/shadow.md). A mirror
 * reserves its worst-case cost (runner/budget.ts `worstCaseCostUsd`) before it is sent and
 * settles to what it cost after, so spend + reservations never pass the cap. The first
 * mirror that does not fit pauses mirroring until the next UTC midnight: the day's share
 * stays a prefix of the day, not a trickle of the cheapest requests. The clock is injected
 * (`now`) so a test can cross midnight.
 */
export interface DailyBudget {
  /** A reservation, or null when it does not fit today (mirroring is then paused until tomorrow). */
  reserve(worstCaseUsd: number): { settle(actualUsd: number | null): void } | null;
  state(): DailyBudgetState;
}

export interface DailyBudgetState {
  limitUsd: number;
  /** The UTC day the figures are for, YYYY-MM-DD. */
  day: string;
  spentUsd: number;
  reservedUsd: number;
  /** ISO time mirroring resumes, when paused. */
  pausedUntil: string | null;
  /** Days on which the cap paused mirroring. */
  pausedDays: number;
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function createDailyBudget(limitUsd: number, now: () => number): DailyBudget {
  let day = dayOf(now());
  let spent = 0;
  let reserved = 0;
  let paused = false;
  let pausedDays = 0;
  const roll = () => {
    const today = dayOf(now());
    if (today === day) return;
    // Reservations in flight across midnight settle into the new day's spend.
    day = today;
    spent = 0;
    paused = false;
  };
  const nextMidnight = () => new Date((Math.floor(now() / DAY_MS) + 1) * DAY_MS).toISOString();
  return {
    reserve(worstCaseUsd) {
      roll();
      if (paused) return null;
      if (spent + reserved + worstCaseUsd > limitUsd) {
        paused = true;
        pausedDays++;
        return null;
      }
      reserved += worstCaseUsd;
      let settled = false;
      return {
        settle(actualUsd) {
          if (settled) return;
          settled = true;
          reserved -= worstCaseUsd;
          roll();
          // An unpriced reply is held at its worst case: the cap must not be passed unseen.
          spent += actualUsd ?? worstCaseUsd;
        },
      };
    },
    state() {
      roll();
      return { limitUsd, day, spentUsd: spent, reservedUsd: reserved, pausedUntil: paused ? nextMidnight() : null, pausedDays };
    },
  };
}
