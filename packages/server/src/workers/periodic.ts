/**
 * Runs a task at start and then every interval, one run at a time, scheduled from the end of the
 * previous run so a slow run delays the next instead of overlapping it. The timer is passed in so
 * tests step through runs without waiting.
 */

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

export interface Periodic {
  /** Cancels the next run and waits for one in progress to finish. */
  stop(): Promise<void>;
}

/** `task` must not throw: it reports its own failures (a failed run waits for the next one). */
export function runPeriodically(timer: Timer, intervalMs: number, task: () => Promise<void>): Periodic {
  let stopped = false;
  let cancel: () => void = () => {};
  let running: Promise<void> | null = null;
  const run = () => {
    running = task().finally(() => {
      running = null;
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
