/**
 * The recordings worker: fetches due recordings every 15 s and applies retention every hour, one
 * run at a time, with the clock and the timer passed in. Several server processes may each run one:
 * recordings are claimed in the database, and retention deletes are idempotent.
 */
import type { Clock } from '@calltrail/core';
import { runPeriodically, systemTimer, type Timer } from '../workers/periodic.ts';
import { applyRetention } from './apply-retention.ts';
import { type FetchPassResult, fetchDueRecordings, type RecordingFetchDeps } from './fetch-recordings.ts';

export const recordingsIntervalMs = 15_000;
export const retentionIntervalMs = 3_600_000;

export interface RecordingsWorkerDeps extends RecordingFetchDeps {
  clock: Clock;
  timer?: Timer;
  intervalMs?: number;
  /** A failed run (the database or the store away) is reported and the next one runs on schedule. */
  onError: (error: unknown) => void;
  /** After each run that did something, e.g. to log it. */
  onRun?: (result: RecordingsRun) => void;
}

export interface RecordingsRun extends FetchPassResult {
  /** Recordings deleted for retention; null when retention did not run. */
  expired: number | null;
}

export interface RecordingsWorker {
  /** One run at `now`: fetches what is due, then applies retention unless told not to. */
  runOnce(now: Date, options?: { retention?: boolean }): Promise<RecordingsRun>;
  /** Cancels the next run and waits for one in progress to finish. */
  stop(): Promise<void>;
}

export function startRecordingsWorker(deps: RecordingsWorkerDeps): RecordingsWorker {
  let retentionAt = 0;

  const runOnce: RecordingsWorker['runOnce'] = async (now, options = {}) => {
    const fetched = await fetchDueRecordings(deps, now);
    const expired = (options.retention ?? true) ? await applyRetention(deps, now) : null;
    return { ...fetched, expired };
  };

  const periodic = runPeriodically(deps.timer ?? systemTimer, deps.intervalMs ?? recordingsIntervalMs, () => {
    const now = deps.clock.now();
    const retention = now.getTime() >= retentionAt;
    return runOnce(now, { retention })
      .then((result) => {
        if (retention) retentionAt = now.getTime() + retentionIntervalMs;
        if (result.stored + result.retrying + result.failed + (result.expired ?? 0) > 0) deps.onRun?.(result);
      })
      .catch((error: unknown) => deps.onError(error));
  });

  return { runOnce, stop: () => periodic.stop() };
}
