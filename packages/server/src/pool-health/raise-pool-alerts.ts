/**
 * Raises pool alerts: every pool hour of the last day (the current one included) whose blocking is
 * above the pool's target beyond chance gets one `blocking_above_target` alert with the size that
 * would meet the target. Safe to run often and from several processes: one alert per pool and hour.
 */
import { alertMinSessions, blockingAboveTarget, poolHealth } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { newId } from '../ids.ts';
import {
  type AlertScope,
  alertCandidates,
  leaseHourStats,
  type PoolAlertRow,
  savePoolAlert,
} from '../stores/sql/pool-health.ts';
import { floorHour, hourMs, observedSeconds } from './pool-health-hours.ts';

export const blockingAlertKind = 'blocking_above_target';

/** Hours looked back over: a day, so a server down for a while still alerts on what it missed. */
export const alertLookbackHours = 24;

export interface RaisedAlerts {
  /** Pool hours that had enough sessions and blocking above the target to be tested. */
  evaluated: number;
  /** Alerts for the hours that failed the test, each new (`raised`) or refreshed. */
  alerts: Array<{ row: PoolAlertRow; raised: boolean }>;
}

export async function raisePoolAlerts(db: Db, now: Date, scope: AlertScope = {}): Promise<RaisedAlerts> {
  const since = new Date(floorHour(now).getTime() - (alertLookbackHours - 1) * hourMs);
  const candidates = await alertCandidates(db, { since, until: now, minSessions: alertMinSessions }, scope);
  const alerts: RaisedAlerts['alerts'] = [];
  for (const hour of candidates) {
    const blocked = hour.fallbacks + hour.overflows + hour.reused;
    if (!blockingAboveTarget({ sessions: hour.sessions, blocked, target: hour.targetBlocking })) continue;
    const start = hour.hour.getTime();
    const leases = await leaseHourStats(
      db,
      hour.workspaceId,
      hour.poolId,
      hour.hour,
      new Date(start + hourMs),
    );
    const health = poolHealth({
      counts: {
        sessions: hour.sessions,
        leased: hour.leased,
        fallbacks: hour.fallbacks,
        overflows: hour.overflows,
        reused: hour.reused,
      },
      leases: leases.get(start) ?? { leases: 0, holdingSeconds: 0, shortestGapSeconds: null },
      poolSize: hour.poolSize,
      targetBlocking: hour.targetBlocking,
      fallbackHoldingSeconds: hour.holdMinutes * 60,
      observedSeconds: observedSeconds(start, now),
    });
    alerts.push(
      await savePoolAlert(db, {
        // ids.ts has no alert prefix yet; a secret-grade random string is as good an id.
        id: newId('alert'),
        workspaceId: hour.workspaceId,
        poolId: hour.poolId,
        kind: blockingAlertKind,
        hour: hour.hour,
        observed: blocked / hour.sessions,
        target: hour.targetBlocking,
        recommendedSize: health.recommendedSize,
        createdAt: now,
      }),
    );
  }
  return { evaluated: candidates.length, alerts };
}
