/**
 * A pool's day in one line for the list: hourly health folded into the blocking seen and predicted
 * over the period and the size its busiest hour calls for.
 */
import type { PoolHealthHour } from '@calltrail/protocol';

export interface PoolSummary {
  sessions: number;
  blocked: number;
  /** Blocked over sessions across the period; null without sessions. */
  observedBlocking: number | null;
  /**
   * The blocking Erlang B expects over the period: each hour's prediction weighted by its sessions,
   * so it compares with the observed share; null without sessions or when no hour could be predicted.
   */
  predictedBlocking: number | null;
  /** The largest hourly recommendation: a pool is sized for its busy hour, not its mean. */
  recommendedSize: number | null;
  /** Whether any hour's blocking was above the target beyond chance. */
  aboveTarget: boolean;
}

export function summarisePool(hours: readonly PoolHealthHour[]): PoolSummary {
  let sessions = 0;
  let blocked = 0;
  let expectedBlocked = 0;
  let predictedSessions = 0;
  let recommendedSize: number | null = null;
  for (const hour of hours) {
    sessions += hour.sessions;
    blocked += hour.blocked;
    if (hour.predictedBlocking !== null) {
      expectedBlocked += hour.predictedBlocking * hour.sessions;
      predictedSessions += hour.sessions;
    }
    if (hour.recommendedSize !== null && hour.sessions > 0) {
      recommendedSize = Math.max(recommendedSize ?? 0, hour.recommendedSize);
    }
  }
  return {
    sessions,
    blocked,
    observedBlocking: sessions > 0 ? blocked / sessions : null,
    predictedBlocking: predictedSessions > 0 ? expectedBlocked / predictedSessions : null,
    recommendedSize,
    aboveTarget: hours.some((hour) => hour.aboveTarget),
  };
}

/** The shortest reuse gap over the period; null when no number went to a new visitor. */
export function shortestGap(hours: readonly PoolHealthHour[]): number | null {
  const gaps = hours.map((hour) => hour.shortestGap).filter((gap): gap is number => gap !== null);
  return gaps.length > 0 ? Math.min(...gaps) : null;
}
