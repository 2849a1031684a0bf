/**
 * When to try fetching a recording again. Providers report a recording before the file is ready
 * (404 for a while), and their file servers fail now and then, so a failed fetch waits a minute,
 * then twice as long each time up to six hours, and the worker gives up a day after the report.
 */

export interface FetchRetryPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  giveUpAfterMs: number;
}

export const recordingFetchRetry: FetchRetryPolicy = {
  firstDelayMs: 60_000,
  maxDelayMs: 6 * 3_600_000,
  giveUpAfterMs: 24 * 3_600_000,
};

export type AfterFailedFetch = { retryAt: Date } | { giveUp: true };

/**
 * After the `attempts`-th failed fetch of a recording reported at `reportedAt`: the next try, or
 * none. The last try falls on the deadline itself, so a file that appears late that day is still
 * fetched.
 */
export function afterFailedFetch(
  attempts: number,
  reportedAt: Date,
  now: Date,
  policy: FetchRetryPolicy = recordingFetchRetry,
): AfterFailedFetch {
  const deadline = reportedAt.getTime() + policy.giveUpAfterMs;
  if (now.getTime() >= deadline) return { giveUp: true };
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const delay = Math.min(policy.firstDelayMs * 2 ** exponent, policy.maxDelayMs);
  return { retryAt: new Date(Math.min(now.getTime() + delay, deadline)) };
}
