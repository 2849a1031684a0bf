/**
 * The Erlang B what-if: from a busy hour's sessions, visit length and hold to the offered load, the
 * blocking a pool of a given size would see, and the size the target calls for (core's own formulas).
 */
import { erlangB, erlangBSeries, maxOfferedLoad, offeredLoad, requiredServers } from '@calltrail/core';
import type { Pool, PoolHealth, PoolHealthHour } from '@calltrail/protocol';

type HourLoad = Pick<PoolHealthHour, 'sessions' | 'meanHoldingSeconds'>;

/** The calculator's fields as typed: text, so a half-typed value is not lost. */
export interface WhatIfInput {
  sessionsPerHour: string;
  visitMinutes: string;
  holdMinutes: string;
  poolSize: string;
  /** In percent, as people write it: "1" for 1%. */
  targetPercent: string;
}

export interface WhatIfResult {
  offeredLoad: number;
  blocking: number;
  required: number;
  /** Blocking at sizes around the one asked for, smallest first. */
  nearby: { size: number; blocking: number }[];
}

/** How many sizes either side of the asked-for size the nearby table shows. */
const nearbySpan = 3;
/** A bound on the pool size typed in, far above any real pool, so the recursion stays instant. */
const maxPoolSize = 100_000;

/** The answer, or null while a field is not a number the formulas accept. */
export function whatIf(input: WhatIfInput): WhatIfResult | null {
  const sessionsPerHour = decimal(input.sessionsPerHour);
  const visitMinutes = decimal(input.visitMinutes);
  const holdMinutes = decimal(input.holdMinutes);
  const size = decimal(input.poolSize);
  const targetPercent = decimal(input.targetPercent);
  if (sessionsPerHour === null || visitMinutes === null || holdMinutes === null) return null;
  if (size === null || !Number.isInteger(size) || size > maxPoolSize) return null;
  if (targetPercent === null || targetPercent <= 0 || targetPercent >= 100) return null;
  const load = offeredLoad({ sessionsPerHour, visitSeconds: visitMinutes * 60, holdMinutes });
  if (load > maxOfferedLoad) return null;
  const from = Math.max(0, size - nearbySpan);
  const series = erlangBSeries(load, from, size + nearbySpan);
  return {
    offeredLoad: load,
    blocking: erlangB(load, size),
    required: requiredServers(load, targetPercent / 100),
    nearby: series.map((blocking, i) => ({ size: from + i, blocking })),
  };
}

/** A finite number ≥ 0, with a comma accepted as the decimal sign (Russian keyboards type one). */
function decimal(text: string): number | null {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/**
 * The calculator starts from the pool as it is and its busiest hour: a lease holds its number for the
 * visit plus the hold, so the visit is the mean holding time less the hold.
 */
export function whatIfDefaults(
  pool: Pick<Pool, 'holdMinutes'>,
  health: Pick<PoolHealth, 'poolSize' | 'targetBlocking'> & { hours: readonly HourLoad[] },
): WhatIfInput {
  const busiest = health.hours.reduce<HourLoad | null>(
    (best, hour) => (best === null || hour.sessions > best.sessions ? hour : best),
    null,
  );
  const sessions = busiest?.sessions ?? 0;
  const visitSeconds =
    busiest && sessions > 0 ? Math.max(0, busiest.meanHoldingSeconds - pool.holdMinutes * 60) : 0;
  return {
    sessionsPerHour: String(sessions),
    visitMinutes: String(Math.round(visitSeconds / 6) / 10),
    holdMinutes: String(pool.holdMinutes),
    poolSize: String(health.poolSize),
    targetPercent: String(Math.round(health.targetBlocking * 10_000) / 100),
  };
}
