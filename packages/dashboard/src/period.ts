/**
 * The period filter picks calendar days in the workspace's time zone, whatever the browser's zone:
 * a manager in Vladivostok looking at a Moscow workspace means Moscow's days.
 */
import { wallClockToUtc } from '@calltrail/core';

/** The instant a `YYYY-MM-DD` day starts in `timeZone`, as ISO 8601. */
export function dayStart(day: string, timeZone: string): string {
  const start = wallClockToUtc(`${day} 00:00:00`, timeZone);
  if (!start) throw new Error(`${day} in ${timeZone} is not a day`);
  return start.toISOString();
}

/** The day after `day`, as the exclusive end of a period that includes `day`. */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}
