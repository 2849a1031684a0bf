/**
 * Where a simulated visit lands and what brought it there: the landing URL (UTM tags, click ids) and
 * the referrer per arrival channel, varied enough that the sources report drills down channel →
 * source → campaign → keyword. The paid campaigns are listed so the demo's ad costs can match them.
 */
import type { VisitPlan } from './visit-plan.ts';

export interface PaidCampaign {
  source: string;
  medium: string;
  campaign: string;
  /** The landing page the ads point to. */
  path: string;
  /** Empty for campaigns bought without keywords (social ads). */
  keywords: readonly string[];
  /** The click id the ad network appends. */
  clickId: 'gclid' | 'yclid' | null;
  /** Mean daily spend in the workspace's currency, for the demo's costs file. */
  dailyCost: number;
}

/** Search campaigns on Google and Yandex, and a social retargeting campaign. */
export const paidCampaigns: readonly PaidCampaign[] = [
  {
    source: 'google',
    medium: 'cpc',
    campaign: 'implants_search',
    path: '/services/implants',
    keywords: ['dental implants', 'implant price', 'implants moscow'],
    clickId: 'gclid',
    dailyCost: 3200,
  },
  {
    source: 'google',
    medium: 'cpc',
    campaign: 'whitening_search',
    path: '/services/whitening',
    keywords: ['teeth whitening', 'whitening price'],
    clickId: 'gclid',
    dailyCost: 1400,
  },
  {
    source: 'yandex',
    medium: 'cpc',
    campaign: 'implants_direct',
    path: '/services/implants',
    keywords: ['зубные импланты', 'имплантация цена', 'импланты под ключ'],
    clickId: 'yclid',
    dailyCost: 4100,
  },
  {
    source: 'yandex',
    medium: 'cpc',
    campaign: 'braces_direct',
    path: '/services/braces',
    keywords: ['брекеты', 'брекеты цена'],
    clickId: 'yclid',
    dailyCost: 1800,
  },
  {
    source: 'vk',
    medium: 'cpc',
    campaign: 'vk_retarget',
    path: '/prices',
    keywords: [],
    clickId: null,
    dailyCost: 900,
  },
];

/** E-mail campaigns tagged utm_source=newsletter (the demo gives this source a static number). */
export const newsletterCampaigns = ['spring_checkup', 'whitening_offer', 'reminder'] as const;

const organicReferrers = ['https://www.google.com/', 'https://yandex.ru/', 'https://www.bing.com/'];
const socialReferrers = ['https://vk.com/', 'https://t.me/', 'https://ok.ru/'];
const referralReferrers = [
  'https://partner.example/clinics',
  'https://zoon.ru/msk/medical/',
  'https://prodoctorov.ru/moskva/',
];
const pages = ['/', '/services/implants', '/services/whitening', '/prices', '/contacts'];

function at<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new RangeError('an empty list');
  return item;
}

function query(params: Record<string, string>): string {
  return `?${new URLSearchParams(params).toString()}`;
}

/**
 * The landing URL (`u`) and referrer (`r`) of visit number `visit` on `origin`. Derived from the plan's
 * campaign draw and the visit's number, not from the random stream, so the visit plans stay as they were.
 */
export function arrivalLanding(plan: VisitPlan, origin: string, visit: number): { u: string; r?: string } {
  const c = plan.campaign;
  const page = `${origin}${at(pages, visit)}`;
  switch (plan.channel) {
    case 'organic_search':
      return { u: page, r: at(organicReferrers, c) };
    case 'paid_search': {
      // Four in five paid visits come from search; the rest from the social retargeting campaign.
      const ad = at(paidCampaigns, c % 5 === 4 ? 4 : c % 4);
      const keyword: Record<string, string> =
        ad.keywords.length > 0 ? { utm_term: at(ad.keywords, visit) } : {};
      const click: Record<string, string> = ad.clickId ? { [ad.clickId]: `load${visit}` } : {};
      const params = {
        utm_source: ad.source,
        utm_medium: ad.medium,
        utm_campaign: ad.campaign,
        ...keyword,
        utm_content: `ad${1 + (visit % 3)}`,
        ...click,
      };
      return { u: `${origin}${ad.path}${query(params)}` };
    }
    case 'social':
      return { u: page, r: at(socialReferrers, c) };
    case 'email': {
      const campaign = at(newsletterCampaigns, c);
      return {
        u: `${page}${query({ utm_source: 'newsletter', utm_medium: 'email', utm_campaign: campaign })}`,
      };
    }
    case 'referral':
      return { u: page, r: at(referralReferrers, c) };
    case 'direct':
      return { u: page };
  }
}
