import assert from 'node:assert/strict';
import { test } from 'node:test';
import { daysBetween, hourWeekdayGrid, localSlot, periodDays } from './local-time.ts';

test('an instant falls on the zone’s day, hour and ISO weekday', () => {
  // 2026-01-04 is a Sunday; 22:30 UTC is 01:30 on Monday in Moscow (UTC+3).
  assert.deepEqual(localSlot(new Date('2026-01-04T22:30:00Z'), 'Europe/Moscow'), {
    day: '2026-01-05',
    hour: 1,
    weekday: 0,
  });
  assert.deepEqual(localSlot(new Date('2026-01-04T22:30:00Z'), 'UTC'), {
    day: '2026-01-04',
    hour: 22,
    weekday: 6,
  });
});

test('midnight is hour 0, not 24', () => {
  assert.equal(localSlot(new Date('2026-01-05T00:00:00Z'), 'UTC').hour, 0);
});

test('hours follow daylight saving time', () => {
  // New York is UTC−5 in January and UTC−4 in July.
  assert.equal(localSlot(new Date('2026-01-15T15:00:00Z'), 'America/New_York').hour, 10);
  assert.equal(localSlot(new Date('2026-07-15T15:00:00Z'), 'America/New_York').hour, 11);
});

test('the grid counts calls per weekday and hour', () => {
  const calls = ['2026-01-05T09:10:00Z', '2026-01-05T09:50:00Z', '2026-01-11T23:00:00Z'].map(
    (s) => new Date(s),
  );
  const grid = hourWeekdayGrid(calls, (c) => c, 'UTC');
  assert.equal(grid[0]?.[9], 2);
  assert.equal(grid[6]?.[23], 1);
  assert.equal(
    grid.flat().reduce((a, b) => a + b, 0),
    3,
  );
});

test('a period covers the local days it touches, its exclusive end not included', () => {
  assert.deepEqual(
    periodDays(new Date('2026-01-31T21:00:00Z'), new Date('2026-02-28T21:00:00Z'), 'Europe/Moscow'),
    { first: '2026-02-01', last: '2026-02-28' },
  );
});

test('a series lists every day, across a month’s end and a DST change', () => {
  assert.deepEqual(daysBetween('2026-03-28', '2026-04-01'), [
    '2026-03-28',
    '2026-03-29',
    '2026-03-30',
    '2026-03-31',
    '2026-04-01',
  ]);
  assert.deepEqual(daysBetween('2026-01-02', '2026-01-01'), []);
});
