/** The tables channel classification reads: referrer hosts, source words, mediums, click ids. */
import type { ClickIdName } from '../session/touch.ts';

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
export interface HostRule {
  source: string;
  kind: Exclude<SourceKind, 'offline'>;
  domains?: readonly string[];
  pattern?: RegExp;
}

/** A country-code or `com.`/`co.` second-level TLD: google.de, google.co.uk, yandex.com.tr. */
const tld = String.raw`(?:com?\.)?[a-z]{2,3}`;

export const hostRules: readonly HostRule[] = [
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

export const referrerMedium: Record<HostRule['kind'], string> = {
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
export const sourceWords: readonly [SourceKind, ReadonlySet<string>][] = [
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
export type MediumKind =
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

export const mediumKinds: Readonly<Record<string, MediumKind>> = {
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
export const clickIdSources: readonly { name: ClickIdName; source: string; medium: string }[] = [
  { name: 'gclid', source: 'google', medium: 'cpc' },
  { name: 'gbraid', source: 'google', medium: 'cpc' },
  { name: 'wbraid', source: 'google', medium: 'cpc' },
  { name: 'yclid', source: 'yandex', medium: 'cpc' },
  { name: 'fbclid', source: 'facebook', medium: 'social' },
];

/** Two-label suffixes under which each registration is a different site (shop.co.uk, a.github.io). */
export const sharedSuffixes = new Set([
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
