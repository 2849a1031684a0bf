/**
 * The call log's filters live in the address bar (`?from=2026-03-01&channel=paid_search`), so a
 * filtered log can be shared and survives a reload; this turns them into the API's query.
 */

import { type Channel, channels } from '@calltrail/core';
import type { CallListQuery } from '@calltrail/protocol';
import { dayStart, nextDay } from '../../period.ts';

export interface CallFilters {
  /** First day, `YYYY-MM-DD`, in the workspace's time zone. */
  from: string;
  /** Last day, included. */
  to: string;
  channel: Channel | '';
  source: string;
  /** `true`: repeat calls only; `false`: the others. */
  repeat: '' | 'true' | 'false';
}

const isDay = (value: string | null): value is string => value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);

export function readFilters(search: URLSearchParams): CallFilters {
  const channel = search.get('channel') ?? '';
  const repeat = search.get('repeat');
  return {
    from: isDay(search.get('from')) ? (search.get('from') as string) : '',
    to: isDay(search.get('to')) ? (search.get('to') as string) : '',
    channel: (channels as readonly string[]).includes(channel) ? (channel as Channel) : '',
    source: search.get('source') ?? '',
    repeat: repeat === 'true' || repeat === 'false' ? repeat : '',
  };
}

export function writeFilters(filters: CallFilters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function callQuery(filters: CallFilters, timeZone: string, cursor?: string): CallListQuery {
  return {
    limit: 50,
    ...(cursor ? { cursor } : {}),
    ...(filters.from ? { from: dayStart(filters.from, timeZone) } : {}),
    ...(filters.to ? { to: dayStart(nextDay(filters.to), timeZone) } : {}),
    ...(filters.channel ? { channel: filters.channel } : {}),
    ...(filters.source.trim() ? { source: filters.source.trim() } : {}),
    ...(filters.repeat ? { repeat: filters.repeat === 'true' } : {}),
  };
}
