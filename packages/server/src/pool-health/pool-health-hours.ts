/**
 * A pool's health hour by hour: the serving counters and the lease history of each hour, read from
 * the database and turned into offered load, observed vs predicted blocking and a recommended size.
 */
import { type PoolHealth, poolHealth } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { leaseHourStats, poolHourCounts, poolSize } from '../stores/sql/pool-health.ts';

export const hourMs = 3_600_000;

/**
 * The current hour's rate is its sessions over the time elapsed, but not under a minute: a handful
 * of sessions in the first seconds would read as an absurd rate.
 */
const minObservedSeconds = 60;

/** How much of the hour starting at `hourStart` has been observed by `now`, in seconds. */
export function observedSeconds(hourStart: number, now: Date): number {
  const elapsed = (now.getTime() - hourStart) / 1000;
  return Math.min(3600, Math.max(minObservedSeconds, elapsed));
}

export function floorHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / hourMs) * hourMs);
}

export function ceilHour(at: Date): Date {
  return new Date(Math.ceil(at.getTime() / hourMs) * hourMs);
}

/** The pool fields health needs. */
export interface PoolSettings {
  id: string;
  workspaceId: string;
  holdMinutes: number;
  targetBlocking: number;
}

export interface PoolHealthHourReport extends PoolHealth {
  hour: Date;
  complete: boolean;
  sessions: number;
  leased: number;
  fallbacks: number;
  overflows: number;
  reused: number;
  poolSize: number;
}

export interface PoolHealthReport {
  poolSize: number;
  from: Date;
  /** The period's end, cut back to the end of the current hour. */
  to: Date;
  hours: PoolHealthHourReport[];
}

/** One entry per hour in [from, to), both on the hour; hours after the current one are left out. */
export async function poolHealthHours(
  db: Db,
  pool: PoolSettings,
  period: { from: Date; to: Date },
  now: Date,
): Promise<PoolHealthReport> {
  const { from } = period;
  const endOfCurrentHour = floorHour(now).getTime() + hourMs;
  const until = new Date(Math.max(from.getTime(), Math.min(period.to.getTime(), endOfCurrentHour)));
  const [size, counts, leases] = await Promise.all([
    poolSize(db, pool.workspaceId, pool.id),
    poolHourCounts(db, pool.workspaceId, pool.id, from, until),
    leaseHourStats(db, pool.workspaceId, pool.id, from, until),
  ]);
  const countsByHour = new Map(counts.map((row) => [row.hour.getTime(), row]));
  const hours: PoolHealthHourReport[] = [];
  for (let at = from.getTime(); at < until.getTime(); at += hourMs) {
    const row = countsByHour.get(at);
    const served = {
      sessions: row?.sessions ?? 0,
      leased: row?.leased ?? 0,
      fallbacks: row?.fallbacks ?? 0,
      overflows: row?.overflows ?? 0,
      reused: row?.reused ?? 0,
    };
    const complete = at + hourMs <= now.getTime();
    const health = poolHealth({
      counts: served,
      leases: leases.get(at) ?? { leases: 0, holdingSeconds: 0, shortestGapSeconds: null },
      poolSize: size,
      targetBlocking: pool.targetBlocking,
      fallbackHoldingSeconds: pool.holdMinutes * 60,
      observedSeconds: observedSeconds(at, now),
    });
    hours.push({ hour: new Date(at), complete, ...served, poolSize: size, ...health });
  }
  return { poolSize: size, from, to: until, hours };
}
