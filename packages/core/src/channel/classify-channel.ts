/** Decides a visit's source, medium and channel from its UTM tags, click ids and referrer, GA-style. */
import type { ClickIds } from '../session/touch.ts';
import type { Channel } from './channel.ts';
import {
  clickIdSources,
  type HostRule,
  hostRules,
  type MediumKind,
  mediumKinds,
  referrerMedium,
  type SourceKind,
  sharedSuffixes,
  sourceWords,
} from './source-tables.ts';

export type { SourceKind } from './source-tables.ts';

export interface Utm {
  source: string | null;
  medium: string | null;
  campaign: string | null;
  term: string | null;
  content: string | null;
}

export interface ClassifyInput {
  /** As found on the landing URL; source and medium are trimmed and lower-cased before use. */
  utm: Utm;
  clickIds: ClickIds;
  /** Host of document.referrer (or the package of an `android-app://` referrer), null when none. */
  referrerHost: string | null;
  landingHost: string;
}

export interface SourceMedium {
  source: string;
  medium: string | null;
}

function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

function matchesDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The registrable-ish part of a host: `shop.example.com` → `example.com`, `a.example.co.uk` → `example.co.uk`. */
function siteOf(host: string): string {
  const name = normalizeHost(host);
  if (/^[\d.]+$/.test(name) || name.includes(':')) return name;
  const labels = name.split('.');
  const keep = sharedSuffixes.has(labels.slice(-2).join('.')) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * Whether a referrer is the site itself (internal navigation, `www.` or another subdomain of the same
 * domain), which says nothing about how the visitor came.
 */
export function isSameSite(referrerHost: string, landingHost: string): boolean {
  if (landingHost.trim() === '') return false;
  return siteOf(referrerHost) === siteOf(landingHost);
}

/** The known search engine, social network, messenger or webmail behind a referrer host, if any. */
export function classifyReferrerHost(host: string): { source: string; kind: HostRule['kind'] } | null {
  const name = normalizeHost(host);
  const rule = hostRules.find(
    (r) => r.domains?.some((d) => matchesDomain(name, d)) === true || r.pattern?.test(name) === true,
  );
  return rule ? { source: rule.source, kind: rule.kind } : null;
}

/** What a source name is: by the host table when it looks like a host, else by its words. */
export function sourceKind(source: string | null): SourceKind | null {
  if (source === null) return null;
  const name = source.trim().toLowerCase();
  // A host-like source is a site: reading its words would make vk.example.com a social network.
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name)) return classifyReferrerHost(name)?.kind ?? null;
  const words = name.split(/[^a-z0-9]+/).filter((w) => w !== '');
  for (const [kind, set] of sourceWords) {
    if (words.some((w) => set.has(w))) return kind;
  }
  return null;
}

function mediumKind(medium: string): MediumKind | null {
  const key = medium
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return mediumKinds[key] ?? null;
}

/**
 * The visit's source and medium, in GA's order of evidence: explicit UTM tags win
 * (over click ids too: someone tagged the link on purpose), then a click id, then the external
 * referrer, and with nothing left the visit is `(direct)` / `(none)`. A UTM tag that names only
 * the medium borrows its source from the click id or referrer; one that names only the source
 * gets medium `cpc` from a paid click id (utm_source=google&gclid=…).
 */
export function resolveSourceMedium(input: ClassifyInput): SourceMedium {
  const { clickIds } = input;
  const utm = { source: lowerOrNull(input.utm.source), medium: lowerOrNull(input.utm.medium) };
  const clicked = clickIdSources.find((c) => (clickIds[c.name] ?? '') !== '');
  const referrer = externalReferrer(input);

  if (utm.source !== null || utm.medium !== null) {
    const source = utm.source ?? clicked?.source ?? referrer?.source ?? '(not set)';
    const medium = utm.medium ?? (clicked && clicked.medium === 'cpc' ? 'cpc' : null);
    return { source, medium };
  }
  if (clicked) {
    // Instagram's outbound links carry fbclid too; the referrer tells them apart.
    const social = clicked.name === 'fbclid' && referrer?.kind === 'social' ? referrer.source : null;
    return { source: social ?? clicked.source, medium: clicked.medium };
  }
  if (referrer) return { source: referrer.source, medium: referrer.medium };
  return { source: '(direct)', medium: '(none)' };
}

function lowerOrNull(value: string | null): string | null {
  const text = value?.trim().toLowerCase() ?? '';
  return text === '' ? null : text;
}

function externalReferrer(
  input: ClassifyInput,
): { source: string; medium: string; kind: HostRule['kind'] | null } | null {
  const host = input.referrerHost === null ? '' : normalizeHost(input.referrerHost);
  if (host === '' || isSameSite(host, input.landingHost)) return null;
  const known = classifyReferrerHost(host);
  if (known) return { source: known.source, medium: referrerMedium[known.kind], kind: known.kind };
  return { source: host, medium: 'referral', kind: null };
}

/**
 * The channel for a resolved source and medium. An unknown or missing medium falls back on what the
 * source is: a social network, messenger, mail or offline source gives that channel, a search
 * engine with no medium is organic (as in GA4), and anything else, including a search engine with
 * a medium we cannot read (`utm_source=yandex&utm_medium=smart`, almost always an ad), is 'other'.
 */
export function channelOf(source: string | null, medium: string | null): Channel {
  const kind = sourceKind(source);
  const social = kind === 'social' || kind === 'messenger';
  switch (medium === null ? null : mediumKind(medium)) {
    case 'paid':
      return social ? 'paid_social' : 'paid_search';
    case 'display':
      return social ? 'paid_social' : 'display';
    case 'paid_social':
      return 'paid_social';
    case 'social':
      return 'organic_social';
    case 'organic':
      return kind === 'messenger' ? 'messenger' : kind === 'social' ? 'organic_social' : 'organic_search';
    case 'referral':
      return kind === null || kind === 'offline' ? 'referral' : byKind(kind);
    case 'email':
      return 'email';
    case 'affiliate':
      return 'affiliate';
    case 'offline':
      return 'offline';
    case 'messenger':
      return 'messenger';
    case 'direct':
      return source === null || source === '(direct)' || source === 'direct'
        ? 'direct'
        : fallback(kind, true);
    case null:
      return fallback(kind, medium === null);
  }
}

function byKind(kind: SourceKind): Channel {
  switch (kind) {
    case 'search':
      return 'organic_search';
    case 'social':
      return 'organic_social';
    case 'messenger':
      return 'messenger';
    case 'email':
      return 'email';
    case 'offline':
      return 'offline';
  }
}

function fallback(kind: SourceKind | null, mediumMissing: boolean): Channel {
  if (kind === null || (kind === 'search' && !mediumMissing)) return 'other';
  return byKind(kind);
}

/** The visit's channel; see resolveSourceMedium for the order of evidence and channelOf for the rules. */
export function classifyChannel(input: ClassifyInput): Channel {
  const { source, medium } = resolveSourceMedium(input);
  return channelOf(source, medium);
}
