/**
 * Periods pick calendar days in the workspace's time zone, whatever the browser's zone: a manager
 * in Vladivostok looking at a Moscow workspace means Moscow's days. Report periods as the marketer
 * picks them ("last 30 days", "last month") become such days, with the previous period of the same
 * length to compare with.
 */
import { localSlot, wallClockToUtc } from '@calltrail/core';

/** The instant a `YYYY-MM-DD` day starts in `timeZone`, as ISO 8601. */
export function dayStart(day: string, timeZone: string): string {
  const start = wallClockToUtc(`${day} 00:00:00`, timeZone);
  if (!start) throw new Error(`${day} in ${timeZone} is not a day`);
  return start.toISOString();
}

/** The day after `day`, as the exclusive end of a period that includes `day`. */
export function nextDay(day: string): string {
  return addDays(day, 1);
}

export const periodPresets = ['7d', '30d', '90d', 'thisMonth', 'lastMonth', 'custom'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

/** Local days, `YYYY-MM-DD`, both included. */
export interface Days {
  first: string;
  last: string;
}

const dayMs = 86_400_000;
export const isDay = (value: string | null | undefined): value is string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * dayMs).toISOString().slice(0, 10);
}

/** How many days from `first` to `last`, both counted. */
export function dayCount(days: Days): number {
  return (
    Math.round((Date.parse(`${days.last}T00:00:00Z`) - Date.parse(`${days.first}T00:00:00Z`)) / dayMs) + 1
  );
}

/** Today on the workspace's calendar, wherever the browser is. */
export function todayIn(timeZone: string, now = new Date()): string {
  return localSlot(now, timeZone).day;
}

/** The days a preset covers, today included; a custom period is taken as given when it is well formed. */
export function presetDays(preset: PeriodPreset, today: string, custom?: Partial<Days>): Days {
  switch (preset) {
    case '7d':
      return { first: addDays(today, -6), last: today };
    case '90d':
      return { first: addDays(today, -89), last: today };
    case 'thisMonth':
      return { first: `${today.slice(0, 8)}01`, last: today };
    case 'lastMonth': {
      const last = addDays(`${today.slice(0, 8)}01`, -1);
      return { first: `${last.slice(0, 8)}01`, last };
    }
    case 'custom':
      if (isDay(custom?.first) && isDay(custom?.last) && custom.first <= custom.last) {
        return { first: custom.first, last: custom.last };
      }
      return presetDays('30d', today);
    default:
      return { first: addDays(today, -29), last: today };
  }
}

/** The same number of days just before. */
export function previousDays(days: Days): Days {
  const last = addDays(days.first, -1);
  return { first: addDays(last, -(dayCount(days) - 1)), last };
}

/** The API's [from, to) instants for local days in the workspace's zone. */
export function instants(days: Days, timeZone: string): { from: string; to: string } {
  return { from: dayStart(days.first, timeZone), to: dayStart(nextDay(days.last), timeZone) };
}
