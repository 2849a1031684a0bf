/**
 * The pool-alerts worker: runs the alert evaluation at start and then every 5 minutes, one run at a
 * time, with the clock and the timer passed in so tests step through runs without waiting.
 */
import type { Clock } from '@calltrail/core';
import type { Db } from '../db/database.ts';
import { type RaisedAlerts, raisePoolAlerts } from '../pool-health/raise-pool-alerts.ts';

export const poolAlertsIntervalMs = 5 * 60_000;

/** Schedules one call; the returned function cancels it if it has not run yet. */
export interface Timer {
  schedule(run: () => void, ms: number): () => void;
}

/** setTimeout, unreferenced: a pending run never keeps a stopping process alive. */
export const systemTimer: Timer = {
  schedule(run, ms) {
    const handle = setTimeout(run, ms);
    handle.unref();
    return () => clearTimeout(handle);
  },
};

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

export interface PoolAlertsWorker {
  /** Cancels the next run and waits for one in progress to finish. */
  stop(): Promise<void>;
}

export function startPoolAlertsWorker(deps: PoolAlertsDeps): PoolAlertsWorker {
  const timer = deps.timer ?? systemTimer;
  const intervalMs = deps.intervalMs ?? poolAlertsIntervalMs;
  let stopped = false;
  let cancel: () => void = () => {};
  let running: Promise<void> | null = null;

  const run = () => {
    running = raisePoolAlerts(deps.db, deps.clock.now())
      .then((result) => deps.onRun?.(result))
      .catch((error: unknown) => deps.onError(error))
      .finally(() => {
        running = null;
        // Scheduled from the end of a run, so a slow run delays the next instead of overlapping it.
        if (!stopped) cancel = timer.schedule(run, intervalMs);
      });
  };
  cancel = timer.schedule(run, 0);

  return {
    async stop() {
      stopped = true;
      cancel();
      await running;
    },
  };
}
