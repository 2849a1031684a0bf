import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayStart, nextDay } from './period.ts';

describe('the period filter', () => {
  it('starts a day at midnight in the workspace’s time zone, not the browser’s', () => {
    assert.equal(dayStart('2026-03-10', 'Europe/Moscow'), '2026-03-09T21:00:00.000Z');
    assert.equal(dayStart('2026-03-10', 'UTC'), '2026-03-10T00:00:00.000Z');
    assert.equal(dayStart('2026-03-10', 'Asia/Vladivostok'), '2026-03-09T14:00:00.000Z');
  });

  it('finds midnight on the days daylight saving time changes', () => {
    assert.equal(dayStart('2026-03-08', 'America/New_York'), '2026-03-08T05:00:00.000Z');
    assert.equal(dayStart('2026-03-09', 'America/New_York'), '2026-03-09T04:00:00.000Z');
    assert.equal(dayStart('2026-10-25', 'Europe/Berlin'), '2026-10-24T22:00:00.000Z');
  });

  it('ends a period after its last day, across month and year ends', () => {
    assert.equal(nextDay('2026-02-28'), '2026-03-01');
    assert.equal(nextDay('2026-12-31'), '2027-01-01');
  });
});
