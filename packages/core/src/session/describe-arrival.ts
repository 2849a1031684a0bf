/** Turns what the landing page saw (URL, referrer, click ids) into the touch a session is attributed to. */
import type { Utm } from '../channel/classify-channel.ts';
import { channelOf, resolveSourceMedium } from '../channel/classify-channel.ts';
import type { Arrival, ClickIds, Touch } from './touch.ts';
import { clickIdNames } from './touch.ts';

const utmFields = ['source', 'medium', 'campaign', 'term', 'content'] as const;

function parseUrl(url: string | null): URL | null {
  if (url === null || url.trim() === '') return null;
  try {
    return new URL(url.trim());
  } catch {
    return null;
  }
}

/**
 * Query parameters keyed by lower-cased name, first non-empty trimmed value kept: hand-made links
 * write `UTM_Source` and repeat parameters, and an empty duplicate must not erase a real value.
 */
function queryOf(url: URL | null): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, raw] of url?.searchParams ?? []) {
    const key = name.trim().toLowerCase();
    const value = raw.trim();
    if (value !== '' && !params.has(key)) params.set(key, value);
  }
  return params;
}

/** The click ids (gclid, gbraid, wbraid, yclid, fbclid) on a URL; an unparsable URL has none. */
export function clickIdsFromUrl(url: string): ClickIds {
  const params = queryOf(parseUrl(url));
  const ids: ClickIds = {};
  for (const name of clickIdNames) {
    const value = params.get(name);
    if (value !== undefined) ids[name] = value;
  }
  return ids;
}

/**
 * The arrival's click ids: those the snippet reported, overridden by those on the landing URL,
 * which belong to this very click while the snippet's may be remembered from an earlier one.
 */
export function arrivalClickIds(arrival: Arrival): ClickIds {
  const ids: ClickIds = {};
  for (const name of clickIdNames) {
    const value = arrival.clickIds[name]?.trim();
    if (value) ids[name] = value;
  }
  return { ...ids, ...clickIdsFromUrl(arrival.url) };
}

/** UTM tags of a URL: source and medium lower-cased, the rest kept as written; null when absent. */
export function utmFromUrl(url: string): Utm {
  const params = queryOf(parseUrl(url));
  const utm: Utm = { source: null, medium: null, campaign: null, term: null, content: null };
  for (const field of utmFields) {
    const value = params.get(`utm_${field}`) ?? null;
    utm[field] = value !== null && (field === 'source' || field === 'medium') ? value.toLowerCase() : value;
  }
  return utm;
}

/**
 * The host of a referrer URL, or the package name of an Android app referrer
 * (`android-app://com.google.android.googlequicksearchbox/…`); null when there is none.
 */
export function referrerHostOf(referrer: string | null): string | null {
  const host = parseUrl(referrer)?.hostname.toLowerCase() ?? '';
  return host === '' ? null : host;
}

/**
 * The touch of an arrival: UTM tags, then click ids, then the external referrer decide source,
 * medium and channel (see classify-channel.ts); a referrer from the site itself counts as none.
 */
export function describeArrival(arrival: Arrival): Touch {
  const utm = utmFromUrl(arrival.url);
  const { source, medium } = resolveSourceMedium({
    utm,
    clickIds: arrivalClickIds(arrival),
    referrerHost: referrerHostOf(arrival.referrer),
    landingHost: parseUrl(arrival.url)?.hostname ?? '',
  });
  return {
    channel: channelOf(source, medium),
    source,
    medium,
    campaign: utm.campaign,
    term: utm.term,
    content: utm.content,
  };
}
