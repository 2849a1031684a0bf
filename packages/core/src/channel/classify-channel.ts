/** Decides a visit's source, medium and channel from its UTM tags, click ids and referrer, GA-style. */
import type { ClickIdName, ClickIds } from '../session/touch.ts';
import type { Channel } from './channel.ts';

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

/**
 * What a source name is known to be. A source is classified by the referrer-host table when it
 * looks like a host (`l.facebook.com`, `go.mail.ru`), else by its words (`yandex_direct`, `vk_ads`).
 */
export type SourceKind = 'search' | 'social' | 'messenger' | 'email' | 'offline';

/*
 * Referrer hosts, first match wins. Hosts are compared lower-case without a leading `www.`; a
 * domain matches itself and its subdomains. Android app referrers (`android-app://<package>`) arrive
 * as their package name, so the apps that send them sit beside their websites.
 * Webmail comes first because `mail.google.com` and `mail.yandex.ru` would otherwise read as search.
 * Medium given to a referrer of each kind: search 'organic', social 'social', messenger
 * 'messenger', email 'email'; any other site is 'referral' with its host as the source.
 */
interface HostRule {
  source: string;
  kind: Exclude<SourceKind, 'offline'>;
  domains?: readonly string[];
  pattern?: RegExp;
}

/** A country-code or `com.`/`co.` second-level TLD: google.de, google.co.uk, yandex.com.tr. */
const tld = String.raw`(?:com?\.)?[a-z]{2,3}`;

const hostRules: readonly HostRule[] = [
  {
    source: 'gmail',
    kind: 'email',
    domains: ['mail.google.com', 'inbox.google.com', 'com.google.android.gm'],
  },
  {
    source: 'mail.ru',
    kind: 'email',
    domains: ['e.mail.ru', 'touch.mail.ru', 'octavius.mail.ru', 'ru.mail.mailapp'],
  },
  {
    source: 'yandex',
    kind: 'email',
    pattern: new RegExp(`^mail\\.yandex\\.${tld}$`),
    domains: ['ru.yandex.mail'],
  },
  {
    source: 'outlook',
    kind: 'email',
    domains: [
      'outlook.live.com',
      'outlook.office.com',
      'outlook.office365.com',
      'com.microsoft.office.outlook',
    ],
  },
  { source: 'yahoo', kind: 'email', domains: ['mail.yahoo.com', 'com.yahoo.mobile.client.android.mail'] },

  {
    source: 'google',
    kind: 'search',
    pattern: new RegExp(`^google\\.${tld}$`),
    domains: ['com.google.android.googlequicksearchbox'],
  },
  {
    source: 'yandex',
    kind: 'search',
    pattern: new RegExp(`^yandex\\.${tld}$`),
    domains: ['ya.ru', 'ru.yandex.searchplugin'],
  },
  { source: 'bing', kind: 'search', domains: ['bing.com'] },
  { source: 'mail.ru', kind: 'search', domains: ['go.mail.ru'] },
  { source: 'duckduckgo', kind: 'search', domains: ['duckduckgo.com'] },
  { source: 'yahoo', kind: 'search', domains: ['search.yahoo.com'], pattern: /^yahoo\.com$/ },
  { source: 'baidu', kind: 'search', domains: ['baidu.com'] },
  { source: 'rambler', kind: 'search', domains: ['nova.rambler.ru'] },
  { source: 'ecosia', kind: 'search', domains: ['ecosia.org'] },
  { source: 'brave', kind: 'search', domains: ['search.brave.com'] },

  { source: 'vk', kind: 'social', domains: ['vk.com', 'vk.ru', 'vkontakte.ru', 'com.vkontakte.android'] },
  { source: 'ok', kind: 'social', domains: ['ok.ru', 'odnoklassniki.ru', 'ru.ok.android'] },
  {
    source: 'facebook',
    kind: 'social',
    domains: ['facebook.com', 'fb.com', 'fb.me', 'com.facebook.katana', 'com.facebook.lite'],
  },
  { source: 'instagram', kind: 'social', domains: ['instagram.com', 'com.instagram.android'] },
  { source: 'youtube', kind: 'social', domains: ['youtube.com', 'youtu.be', 'com.google.android.youtube'] },
  { source: 'dzen', kind: 'social', domains: ['dzen.ru', 'zen.yandex.ru', 'zen.yandex.com'] },
  { source: 'twitter', kind: 'social', domains: ['t.co', 'twitter.com', 'x.com', 'com.twitter.android'] },
  { source: 'linkedin', kind: 'social', domains: ['linkedin.com', 'lnkd.in', 'com.linkedin.android'] },
  {
    source: 'pinterest',
    kind: 'social',
    domains: ['pin.it'],
    pattern: new RegExp(`(?:^|\\.)pinterest\\.${tld}$`),
  },
  { source: 'tiktok', kind: 'social', domains: ['tiktok.com', 'com.zhiliaoapp.musically'] },
  { source: 'reddit', kind: 'social', domains: ['reddit.com'] },

  {
    source: 'telegram',
    kind: 'messenger',
    domains: ['t.me', 'telegram.me', 'telegram.org', 'org.telegram.messenger'],
  },
  // l.wl.co is the link shim WhatsApp puts in front of outbound links.
  { source: 'whatsapp', kind: 'messenger', domains: ['whatsapp.com', 'wa.me', 'l.wl.co', 'com.whatsapp'] },
  { source: 'viber', kind: 'messenger', domains: ['viber.com', 'com.viber.voip'] },
];

const referrerMedium: Record<HostRule['kind'], string> = {
  search: 'organic',
  social: 'social',
  messenger: 'messenger',
  email: 'email',
};

/*
 * Words in a UTM source, matched after splitting it on anything but letters and digits, so
 * `yandex_direct`, `vk-ads` and `google.ads` are recognised. Checked in this order: a messenger
 * or social word wins over a search word (`yandex_zen` is Dzen, a social network).
 */
const sourceWords: readonly [SourceKind, ReadonlySet<string>][] = [
  ['messenger', new Set(['telegram', 'tg', 'whatsapp', 'wa', 'viber', 'messenger', 'sms'])],
  [
    'social',
    new Set([
      'vk',
      'vkontakte',
      'vkads',
      'mytarget',
      'ok',
      'odnoklassniki',
      'facebook',
      'fb',
      'meta',
      'instagram',
      'ig',
      'youtube',
      'yt',
      'dzen',
      'zen',
      'twitter',
      'x',
      'linkedin',
      'pinterest',
      'tiktok',
      'reddit',
      'threads',
      'rutube',
      'tenchat',
    ]),
  ],
  [
    'search',
    new Set([
      'google',
      'googleads',
      'adwords',
      'yandex',
      'yandexdirect',
      'ya',
      'bing',
      'msn',
      'duckduckgo',
      'yahoo',
      'baidu',
      'rambler',
      'mailru',
      'ecosia',
    ]),
  ],
  [
    'email',
    new Set(['email', 'gmail', 'newsletter', 'mailing', 'mailchimp', 'sendpulse', 'unisender', 'sendsay']),
  ],
  [
    'offline',
    new Set([
      'offline',
      'billboard',
      'tv',
      'radio',
      'print',
      'flyer',
      'leaflet',
      'poster',
      'magazine',
      'newspaper',
      'outdoor',
      'ooh',
      'qr',
    ]),
  ],
];

/*
 * UTM mediums, compared lower-case with spaces and dashes read as underscores (`e-mail` = `e_mail`).
 *   paid        cpc, ppc, paidsearch…   paid_social when the source is social or a messenger
 *                                       (utm_source=vk&utm_medium=cpc), else paid_search
 *   display     cpm, display, banner…   paid_social for a social or messenger source, else display
 *   paid_social paid_social, paidsocial always paid_social
 *   organic     organic                 organic_social for a social source, messenger for a
 *                                       messenger, else organic_search
 *   referral    referral                like organic for a known source (GA4 puts Organic Social
 *                                       before Referral), else referral
 *   social, email, affiliate, offline, messenger: that channel
 *   direct      (none), none            direct unless a real source is named
 * `target` and `context` are the usual Russian tags for targeted social and contextual search ads;
 * `rsya` is the Yandex Advertising Network; `cpa` networks are affiliates, not search.
 */
type MediumKind =
  | 'paid'
  | 'display'
  | 'paid_social'
  | 'social'
  | 'organic'
  | 'referral'
  | 'email'
  | 'affiliate'
  | 'offline'
  | 'messenger'
  | 'direct';

const mediumKinds: Readonly<Record<string, MediumKind>> = {
  cpc: 'paid',
  ppc: 'paid',
  paidsearch: 'paid',
  paid_search: 'paid',
  paid: 'paid',
  context: 'paid',
  retargeting: 'paid',
  remarketing: 'paid',
  target: 'paid',
  targeting: 'paid',
  cpm: 'display',
  cpv: 'display',
  display: 'display',
  banner: 'display',
  interstitial: 'display',
  rsya: 'display',
  paid_social: 'paid_social',
  paidsocial: 'paid_social',
  social_paid: 'paid_social',
  social: 'social',
  social_network: 'social',
  social_media: 'social',
  socialmedia: 'social',
  sm: 'social',
  smm: 'social',
  organic: 'organic',
  referral: 'referral',
  referal: 'referral',
  email: 'email',
  e_mail: 'email',
  mail: 'email',
  newsletter: 'email',
  mailing: 'email',
  affiliate: 'affiliate',
  affiliates: 'affiliate',
  partner: 'affiliate',
  partners: 'affiliate',
  cpa: 'affiliate',
  offline: 'offline',
  print: 'offline',
  qr: 'offline',
  tv: 'offline',
  radio: 'offline',
  billboard: 'offline',
  outdoor: 'offline',
  ooh: 'offline',
  messenger: 'messenger',
  im: 'messenger',
  sms: 'messenger',
  telegram: 'messenger',
  whatsapp: 'messenger',
  viber: 'messenger',
  '(none)': 'direct',
  none: 'direct',
};

/*
 * Click ids that stand in for UTM tags, in the order they are trusted. fbclid rides on every
 * outbound Facebook and Instagram link, organic posts included, so without a UTM medium it can only
 * say "social", never "paid".
 */
const clickIdSources: readonly { name: ClickIdName; source: string; medium: string }[] = [
  { name: 'gclid', source: 'google', medium: 'cpc' },
  { name: 'gbraid', source: 'google', medium: 'cpc' },
  { name: 'wbraid', source: 'google', medium: 'cpc' },
  { name: 'yclid', source: 'yandex', medium: 'cpc' },
  { name: 'fbclid', source: 'facebook', medium: 'social' },
];

/** Two-label suffixes under which each registration is a different site (shop.co.uk, a.github.io). */
const sharedSuffixes = new Set([
  'co.uk',
  'org.uk',
  'com.tr',
  'com.ru',
  'net.ru',
  'org.ru',
  'msk.ru',
  'spb.ru',
  'com.ua',
  'com.kz',
  'com.by',
  'co.il',
  'com.au',
  'com.br',
  'co.jp',
  'github.io',
  'tilda.ws',
  'netlify.app',
  'vercel.app',
  'pages.dev',
  'herokuapp.com',
  'appspot.com',
  'blogspot.com',
  'myshopify.com',
  'wixsite.com',
  'narod.ru',
  'ucoz.ru',
]);

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
