/** Retry delays for reconnecting to the PBX and for redelivering call events to a database that failed. */

export interface Backoff {
  /** The first delay (before jitter). */
  initialMs: number;
  /** No delay grows beyond this. */
  maxMs: number;
}

export const reconnectBackoff: Backoff = { initialMs: 1000, maxMs: 60_000 };
export const redeliveryBackoff: Backoff = { initialMs: 500, maxMs: 30_000 };

/**
 * Doubles with each attempt up to the cap, with "equal jitter": half of the step is fixed and half
 * random, so the connectors of a server restarting together do not all knock at once.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const step = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(step / 2 + (random() * step) / 2);
}
