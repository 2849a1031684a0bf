import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterFailedFetch } from './fetch-retry.ts';

const reported = new Date('2026-01-05T10:00:00Z');
const minutes = (n: number) => n * 60_000;

test('a failed fetch waits a minute, then twice as long each time, up to six hours', () => {
  const now = new Date(reported.getTime() + minutes(1));
  const waits = [1, 2, 3, 4, 9, 10, 11, 20].map((attempts) => {
    const next = afterFailedFetch(attempts, reported, now);
    assert.ok('retryAt' in next);
    return (next.retryAt.getTime() - now.getTime()) / 60_000;
  });
  assert.deepEqual(waits, [1, 2, 4, 8, 256, 360, 360, 360]);
});

test('the last try falls on the day’s deadline, and a failure then gives up', () => {
  const deadline = reported.getTime() + 24 * 60 * minutes(1);
  const late = new Date(deadline - minutes(30));
  assert.deepEqual(afterFailedFetch(12, reported, late), { retryAt: new Date(deadline) });
  assert.deepEqual(afterFailedFetch(13, reported, new Date(deadline)), { giveUp: true });
});

test('following the schedule from the first report gives up after a day and 13 tries', () => {
  let now = reported.getTime() + 30_000;
  let attempts = 0;
  for (;;) {
    attempts++;
    const next = afterFailedFetch(attempts, reported, new Date(now));
    if ('giveUp' in next) break;
    now = next.retryAt.getTime();
  }
  assert.equal(attempts, 13);
  assert.equal(now - reported.getTime(), 24 * 60 * minutes(1));
});
