/**
 * The call log's filters live in the address bar (`?from=2026-03-01&channel=paid_search`), so a
 * filtered log can be shared and survives a reload; this turns them into the API's query.
 */

import { type Channel, channels } from '@calltrail/core';
import type { CallListQuery, CallRecord } from '@calltrail/protocol';
import { dayStart, nextDay } from '../../period.ts';

type YesNo = '' | 'true' | 'false';

export interface CallFilters {
  /** First day, `YYYY-MM-DD`, in the workspace's time zone. */
  from: string;
  /** Last day, included. */
  to: string;
  channel: Channel | '';
  source: string;
  campaign: string;
  term: string;
  /** Part of the landing page's address. */
  landingPage: string;
  status: CallRecord['status'] | '';
  direction: CallRecord['direction'] | '';
  firstTime: YesNo;
  /** `true`: repeat calls only; `false`: the others. */
  repeat: YesNo;
  tag: string;
  qualified: YesNo;
  minRating: '' | '1' | '2' | '3' | '4' | '5';
  trackingNumber: string;
  agent: string;
  /** Digits of a caller's or a tracking number. */
  search: string;
}

export const statuses: readonly CallRecord['status'][] = [
  'ringing',
  'answered',
  'completed',
  'missed',
  'busy',
  'failed',
];
export const directions: readonly CallRecord['direction'][] = ['inbound', 'outbound'];
export const ratings = ['1', '2', '3', '4', '5'] as const;
const yesNo = ['true', 'false'] as const;

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
const oneOf =
  <T extends string>(allowed: readonly T[]) =>
  (value: string): value is T =>
    (allowed as readonly string[]).includes(value);

/** What each filter accepts from a hand-edited address; anything else is dropped, not sent. */
const accepts: Record<keyof CallFilters, (value: string) => boolean> = {
  from: isDay,
  to: isDay,
  channel: oneOf(channels),
  source: () => true,
  campaign: () => true,
  term: () => true,
  landingPage: () => true,
  status: oneOf(statuses),
  direction: oneOf(directions),
  firstTime: oneOf(yesNo),
  repeat: oneOf(yesNo),
  tag: () => true,
  qualified: oneOf(yesNo),
  minRating: oneOf(ratings),
  trackingNumber: () => true,
  agent: () => true,
  search: () => true,
};

export const filterNames = Object.keys(accepts) as (keyof CallFilters)[];

/** The filters the compact bar always shows; the others open under "more filters". */
export const mainFilters: readonly (keyof CallFilters)[] = ['from', 'to', 'channel', 'status', 'search'];

/** Reads the filters from a query string or a submitted form. */
export function readFilters(search: { get(name: string): unknown }): CallFilters {
  const filters = {} as Record<keyof CallFilters, string>;
  for (const name of filterNames) {
    const value = search.get(name);
    filters[name] = typeof value === 'string' && accepts[name](value) ? value : '';
  }
  return filters as CallFilters;
}

export function writeFilters(filters: CallFilters): string {
  const search = new URLSearchParams();
  for (const name of filterNames) if (filters[name] !== '') search.set(name, filters[name]);
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** How many of the filters hidden under "more filters" are set, to say so on its toggle. */
export const hiddenFiltersSet = (filters: CallFilters) =>
  filterNames.filter((name) => !mainFilters.includes(name) && filters[name] !== '').length;

const text = (value: string) => value.trim() || undefined;
const flag = (value: YesNo) => (value === '' ? undefined : value === 'true');
/** Spaces, dashes and brackets people type in numbers: `+7 (495) 000-11-22` is `+74950001122`. */
const phone = (value: string) => value.replace(/[\s()-]/g, '') || undefined;

/** The API's query for the filters: whole days in the workspace's zone, the last day included. */
export function callQuery(filters: CallFilters, timeZone: string, cursor?: string): CallListQuery {
  const query: CallListQuery = {
    limit: 50,
    cursor,
    from: filters.from ? dayStart(filters.from, timeZone) : undefined,
    to: filters.to ? dayStart(nextDay(filters.to), timeZone) : undefined,
    channel: filters.channel || undefined,
    source: text(filters.source),
    campaign: text(filters.campaign),
    term: text(filters.term),
    landingPage: text(filters.landingPage),
    status: filters.status || undefined,
    direction: filters.direction || undefined,
    firstTime: flag(filters.firstTime),
    repeat: flag(filters.repeat),
    tag: text(filters.tag),
    qualified: flag(filters.qualified),
    minRating: filters.minRating ? Number(filters.minRating) : undefined,
    trackingNumber: phone(filters.trackingNumber),
    agent: text(filters.agent),
    // The API matches digits, whatever the formatting around them.
    search: filters.search.replace(/\D/g, '') || undefined,
  };
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined),
  ) as CallListQuery;
}
