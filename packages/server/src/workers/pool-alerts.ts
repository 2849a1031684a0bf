/**
 * The pool-alerts worker: runs the alert evaluation at start and then every 5 minutes, one run at a
 * time, with the clock and the timer passed in so tests step through runs without waiting.
 */
import type { Clock } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { type RaisedAlerts, raisePoolAlerts } from '../pool-health/raise-pool-alerts.ts';
import { type Periodic, runPeriodically, systemTimer, type Timer } from './periodic.ts';

export const poolAlertsIntervalMs = 5 * 60_000;

export interface PoolAlertsDeps {
  db: Db;
  clock: Clock;
  timer?: Timer;
  intervalMs?: number;
  /** After each successful run, e.g. to log the alerts raised. */
  onRun?: (result: RaisedAlerts) => void;
  /** A failed run (the database away, say) is reported and the next one runs on schedule. */
  onError: (error: unknown) => void;
}

export type PoolAlertsWorker = Periodic;

export function startPoolAlertsWorker(deps: PoolAlertsDeps): PoolAlertsWorker {
  return runPeriodically(deps.timer ?? systemTimer, deps.intervalMs ?? poolAlertsIntervalMs, () =>
    raisePoolAlerts(deps.db, deps.clock.now())
      .then((result) => deps.onRun?.(result))
      .catch((error: unknown) => deps.onError(error)),
  );
}
