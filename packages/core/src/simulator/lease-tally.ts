/**
 * How the pool handed out its numbers: lease outcomes and the reuse gap, the time from a lease's end
 * to the next assignment of its number to another lease, whose lower tail drives misattribution (§2.5).
 */
import type { LeaseOutcome } from '../pool/lease.ts';

export interface LeaseReport {
  /** Assignments per outcome; 'renewed' counts every renewing request. */
  outcomes: Record<LeaseOutcome, number>;
  /** Requests answered with the fallback or overflow number (or nothing). */
  unleasedRequests: number;
  leases: number;
  /** Leases that lived out their provisional 15 s without a heartbeat or second page view. */
  neverConfirmed: number;
  reuseGap: ReuseGapReport;
}

export interface ReuseGapReport {
  /** Fresh or returning assignments of a number that had an earlier lease. */
  count: number;
  /** Seconds; null when there were no reuses. */
  min: number | null;
  p1: number | null;
  p5: number | null;
  p10: number | null;
  p25: number | null;
  p50: number | null;
  p90: number | null;
  /** Assignments that took a number whose lease was still live ('reused'); they have no gap. */
  takenWhileLive: number;
}

export class LeaseTally {
  readonly outcomes: Record<LeaseOutcome, number> = {
    fresh: 0,
    returning: 0,
    renewed: 0,
    switched: 0,
    reused: 0,
  };
  unleasedRequests = 0;
  #gaps: number[] = [];

  outcome(outcome: LeaseOutcome): void {
    this.outcomes[outcome]++;
  }

  reuseGap(ms: number): void {
    this.#gaps.push(ms / 1000);
  }

  report(leases: number, neverConfirmed: number): LeaseReport {
    const gaps = Float64Array.from(this.#gaps).sort();
    const at = (q: number): number | null =>
      gaps.length === 0 ? null : gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))]!;
    return {
      outcomes: { ...this.outcomes },
      unleasedRequests: this.unleasedRequests,
      leases,
      neverConfirmed,
      reuseGap: {
        count: gaps.length,
        min: at(0),
        p1: at(0.01),
        p5: at(0.05),
        p10: at(0.1),
        p25: at(0.25),
        p50: at(0.5),
        p90: at(0.9),
        takenWhileLive: this.outcomes.reused,
      },
    };
  }
}
