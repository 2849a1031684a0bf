/**
 * The worklist's period and state live in the address bar (`?from=2026-03-01&state=pending`), so a
 * manager can bookmark "pending this week"; this turns them into the API's query.
 */
import type { MissedExportQuery, MissedState } from '@calltrail/protocol';
import { dayStart, isDay, nextDay } from '../../period.ts';

export const missedStates = [
  'pending',
  'attempted',
  'called_back',
  'caller_reached',
  'lost',
] as const satisfies readonly MissedState[];

export interface MissedFilters {
  /** First day, `YYYY-MM-DD`, in the workspace's time zone; empty for the API's default week. */
  from: string;
  /** Last day, included. */
  to: string;
  state: MissedState | '';
}

export function readMissedFilters(search: URLSearchParams): MissedFilters {
  const from = search.get('from');
  const to = search.get('to');
  const state = search.get('state') ?? '';
  return {
    from: isDay(from) ? from : '',
    to: isDay(to) ? to : '',
    state: (missedStates as readonly string[]).includes(state) ? (state as MissedState) : '',
  };
}

export function writeMissedFilters(filters: MissedFilters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The API's filters; the worklist adds its cursor and page size. */
export function missedQuery(filters: MissedFilters, timeZone: string): MissedExportQuery {
  return {
    ...(filters.from ? { from: dayStart(filters.from, timeZone) } : {}),
    ...(filters.to ? { to: dayStart(nextDay(filters.to), timeZone) } : {}),
    ...(filters.state ? { state: filters.state } : {}),
  };
}
