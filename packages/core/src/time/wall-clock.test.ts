import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTimeZone, wallClockToUtc } from './wall-clock.ts';

describe('wallClockToUtc', () => {
  it('reads a PBX time in its zone', () => {
    assert.equal(
      wallClockToUtc('2026-10-01 12:00:00', 'Europe/Moscow')?.toISOString(),
      '2026-10-01T09:00:00.000Z',
    );
    assert.equal(wallClockToUtc('2026-10-01T12:00:00.25', 'UTC')?.toISOString(), '2026-10-01T12:00:00.250Z');
  });

  it('follows daylight saving time on both sides of a change', () => {
    assert.equal(
      wallClockToUtc('2026-03-29 01:30:00', 'Europe/Berlin')?.toISOString(),
      '2026-03-29T00:30:00.000Z',
    );
    assert.equal(
      wallClockToUtc('2026-03-29 03:30:00', 'Europe/Berlin')?.toISOString(),
      '2026-03-29T01:30:00.000Z',
    );
    assert.equal(
      wallClockToUtc('2026-07-01 09:00:00', 'America/New_York')?.toISOString(),
      '2026-07-01T13:00:00.000Z',
    );
    assert.equal(
      wallClockToUtc('2026-12-01 09:00:00', 'America/New_York')?.toISOString(),
      '2026-12-01T14:00:00.000Z',
    );
  });

  it('reads a repeated hour as its second occurrence and a skipped one as an hour later', () => {
    assert.equal(
      wallClockToUtc('2026-10-25 02:30:00', 'Europe/Berlin')?.toISOString(),
      '2026-10-25T01:30:00.000Z',
    );
    assert.equal(
      wallClockToUtc('2026-03-29 02:30:00', 'Europe/Berlin')?.toISOString(),
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('knows IANA zones', () => {
    assert.equal(isTimeZone('Europe/Moscow'), true);
    assert.equal(isTimeZone('Mars/Olympus'), false);
  });

  it('answers null for what is not a wall-clock time or not a zone', () => {
    assert.equal(wallClockToUtc('yesterday', 'UTC'), null);
    assert.equal(wallClockToUtc('2026-10-01 12:00:00', 'Mars/Olympus'), null);
  });
});
