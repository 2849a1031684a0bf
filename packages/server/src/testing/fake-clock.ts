/** A clock tests move by hand: time is a parameter, not a patched global. */
import type { Clock } from '@calltrail/core';

export interface FakeClock extends Clock {
  set(at: string | Date): void;
  advance(by: { ms?: number; seconds?: number; minutes?: number; hours?: number; days?: number }): void;
}

export function fakeClock(start: string | Date = '2026-01-05T10:00:00Z'): FakeClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    set: (at) => {
      now = new Date(at).getTime();
    },
    advance: ({ ms = 0, seconds = 0, minutes = 0, hours = 0, days = 0 }) => {
      now += ms + seconds * 1e3 + minutes * 60e3 + hours * 3600e3 + days * 86400e3;
    },
  };
}
