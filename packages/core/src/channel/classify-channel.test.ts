/** Specification of channel classification: real landing URLs and referrers, and the touch each becomes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  arrivalClickIds,
  clickIdsFromUrl,
  describeArrival,
  referrerHostOf,
  utmFromUrl,
} from '../session/describe-arrival.ts';
import type { Arrival, ClickIds, Touch } from '../session/touch.ts';
import type { Channel } from './channel.ts';
import { classifyChannel, isSameSite } from './classify-channel.ts';

const site = 'https://example.ru/';

/** [channel, source, medium] */
type Expected = [Channel, string, string | null];

/** Referrers as browsers send them (origin only, under the default referrer policy), landing on a plain URL. */
const referrers: [referrer: string, ...Expected][] = [
  ['https://www.google.com/', 'organic_search', 'google', 'organic'],
  ['https://www.google.ru/', 'organic_search', 'google', 'organic'],
  ['https://www.google.co.uk/', 'organic_search', 'google', 'organic'],
  ['https://www.google.com.tr/', 'organic_search', 'google', 'organic'],
  [
    'android-app://com.google.android.googlequicksearchbox/https/www.google.com',
    'organic_search',
    'google',
    'organic',
  ],
  ['https://yandex.ru/', 'organic_search', 'yandex', 'organic'],
  ['https://ya.ru/', 'organic_search', 'yandex', 'organic'],
  ['https://yandex.kz/', 'organic_search', 'yandex', 'organic'],
  ['https://yandex.com.tr/', 'organic_search', 'yandex', 'organic'],
  ['android-app://ru.yandex.searchplugin/', 'organic_search', 'yandex', 'organic'],
  ['https://www.bing.com/', 'organic_search', 'bing', 'organic'],
  ['https://go.mail.ru/', 'organic_search', 'mail.ru', 'organic'],
  ['https://duckduckgo.com/', 'organic_search', 'duckduckgo', 'organic'],
  ['https://uk.search.yahoo.com/', 'organic_search', 'yahoo', 'organic'],
  ['https://www.baidu.com/', 'organic_search', 'baidu', 'organic'],
  ['https://nova.rambler.ru/', 'organic_search', 'rambler', 'organic'],
  ['https://vk.com/', 'organic_social', 'vk', 'social'],
  ['https://m.vk.com/', 'organic_social', 'vk', 'social'],
  ['https://vk.ru/', 'organic_social', 'vk', 'social'],
  ['https://ok.ru/', 'organic_social', 'ok', 'social'],
  ['https://l.facebook.com/', 'organic_social', 'facebook', 'social'],
  ['https://lm.facebook.com/', 'organic_social', 'facebook', 'social'],
  ['https://l.instagram.com/', 'organic_social', 'instagram', 'social'],
  ['https://www.youtube.com/', 'organic_social', 'youtube', 'social'],
  ['https://dzen.ru/', 'organic_social', 'dzen', 'social'],
  // Dzen's old address, not Yandex search.
  ['https://zen.yandex.ru/', 'organic_social', 'dzen', 'social'],
  ['https://t.co/', 'organic_social', 'twitter', 'social'],
  ['https://x.com/', 'organic_social', 'twitter', 'social'],
  ['https://www.linkedin.com/', 'organic_social', 'linkedin', 'social'],
  ['https://ru.pinterest.com/', 'organic_social', 'pinterest', 'social'],
  ['https://www.tiktok.com/', 'organic_social', 'tiktok', 'social'],
  ['https://t.me/', 'messenger', 'telegram', 'messenger'],
  ['https://web.telegram.org/', 'messenger', 'telegram', 'messenger'],
  ['android-app://org.telegram.messenger/', 'messenger', 'telegram', 'messenger'],
  ['https://web.whatsapp.com/', 'messenger', 'whatsapp', 'messenger'],
  // Webmail, which must not read as the search engine of the same company.
  ['https://mail.google.com/', 'email', 'gmail', 'email'],
  ['android-app://com.google.android.gm/', 'email', 'gmail', 'email'],
  ['https://e.mail.ru/', 'email', 'mail.ru', 'email'],
  ['https://mail.yandex.ru/', 'email', 'yandex', 'email'],
  ['https://outlook.live.com/', 'email', 'outlook', 'email'],
  ['https://mail.yahoo.com/', 'email', 'yahoo', 'email'],
  // Any other site is a referral named by its host, without www.
  ['https://habr.com/ru/articles/812345/', 'referral', 'habr.com', 'referral'],
  ['https://www.vc.ru/', 'referral', 'vc.ru', 'referral'],
  ['https://docs.google.com/', 'referral', 'docs.google.com', 'referral'],
  ['https://vk.example.org/', 'referral', 'vk.example.org', 'referral'],
  ['android-app://com.Slack/', 'referral', 'com.slack', 'referral'],
  // Nothing to go on.
  ['', 'direct', '(direct)', '(none)'],
  ['about:blank', 'direct', '(direct)', '(none)'],
];

/** Query strings of tagged landing URLs, with no referrer: the tags alone decide. */
const taggedUrls: [query: string, ...Expected][] = [
  ['utm_source=google&utm_medium=cpc&gclid=Cj0KCQjw8O-VBhCpARIsACMvVLN', 'paid_search', 'google', 'cpc'],
  ['utm_source=yandex&utm_medium=cpc&yclid=5843716325178933247', 'paid_search', 'yandex', 'cpc'],
  ['utm_source=yandex_direct&utm_medium=cpc', 'paid_search', 'yandex_direct', 'cpc'],
  ['utm_source=adnetwork&utm_medium=ppc', 'paid_search', 'adnetwork', 'ppc'],
  ['utm_source=vk&utm_medium=cpc', 'paid_social', 'vk', 'cpc'],
  ['utm_source=vk_ads&utm_medium=cpm', 'paid_social', 'vk_ads', 'cpm'],
  ['utm_source=mytarget&utm_medium=cpc', 'paid_social', 'mytarget', 'cpc'],
  ['utm_source=ok&utm_medium=target', 'paid_social', 'ok', 'target'],
  ['utm_source=telegram&utm_medium=cpc', 'paid_social', 'telegram', 'cpc'],
  ['utm_source=facebook&utm_medium=paid_social&fbclid=IwAR2', 'paid_social', 'facebook', 'paid_social'],
  ['utm_source=fb&utm_medium=cpc&fbclid=IwAR2', 'paid_social', 'fb', 'cpc'],
  ['utm_source=yandex&utm_medium=cpm', 'display', 'yandex', 'cpm'],
  ['utm_source=yandex&utm_medium=rsya', 'display', 'yandex', 'rsya'],
  ['utm_source=criteo&utm_medium=banner', 'display', 'criteo', 'banner'],
  ['utm_source=newsletter&utm_medium=email', 'email', 'newsletter', 'email'],
  ['utm_source=unisender&utm_medium=e-mail', 'email', 'unisender', 'e-mail'],
  ['utm_source=admitad&utm_medium=cpa', 'affiliate', 'admitad', 'cpa'],
  ['utm_source=partner42&utm_medium=affiliate', 'affiliate', 'partner42', 'affiliate'],
  ['utm_source=flyer&utm_medium=offline', 'offline', 'flyer', 'offline'],
  ['utm_source=billboard&utm_medium=qr', 'offline', 'billboard', 'qr'],
  ['utm_source=radio&utm_medium=promo', 'offline', 'radio', 'promo'],
  ['utm_source=telegram&utm_medium=post', 'messenger', 'telegram', 'post'],
  ['utm_source=smsc&utm_medium=sms', 'messenger', 'smsc', 'sms'],
  ['utm_source=manager&utm_medium=whatsapp', 'messenger', 'manager', 'whatsapp'],
  ['utm_source=vk&utm_medium=post', 'organic_social', 'vk', 'post'],
  ['utm_source=pikabu&utm_medium=social', 'organic_social', 'pikabu', 'social'],
  ['utm_source=vk&utm_medium=organic', 'organic_social', 'vk', 'organic'],
  ['utm_source=vk.com&utm_medium=referral', 'organic_social', 'vk.com', 'referral'],
  ['utm_source=partner-blog&utm_medium=referral', 'referral', 'partner-blog', 'referral'],
  ['utm_source=google&utm_medium=organic', 'organic_search', 'google', 'organic'],
  ['utm_source=google', 'organic_search', 'google', null],
  // A tagged search engine link with a medium we cannot read is almost always an ad: not organic.
  ['utm_source=yandex&utm_medium=smart', 'other', 'yandex', 'smart'],
  ['utm_source=partner_site&utm_medium=button', 'other', 'partner_site', 'button'],
  // Explicit tags win over a click id.
  ['utm_source=newsletter&utm_medium=email&gclid=Cj0K', 'email', 'newsletter', 'email'],
  // A source-only tag borrows cpc from a paid click id; a medium-only tag borrows the click id's source.
  ['utm_source=google&gclid=Cj0K', 'paid_search', 'google', 'cpc'],
  ['utm_medium=cpc&yclid=584371', 'paid_search', 'yandex', 'cpc'],
  ['utm_medium=cpc', 'paid_search', '(not set)', 'cpc'],
  // Click ids alone.
  ['gclid=Cj0KCQjw8O-VBhCpARIsACMvVLN', 'paid_search', 'google', 'cpc'],
  ['gbraid=0AAAAADnGiu8wU1', 'paid_search', 'google', 'cpc'],
  ['wbraid=CjkKCQjw', 'paid_search', 'google', 'cpc'],
  ['GCLID=abc', 'paid_search', 'google', 'cpc'],
  ['yclid=5843716325178933247', 'paid_search', 'yandex', 'cpc'],
  // Facebook adds fbclid to every outbound link, organic posts included.
  ['fbclid=IwAR2xJ5', 'organic_social', 'facebook', 'social'],
];

interface Case {
  says: string;
  arrival: Arrival;
  touch: Touch;
}

const touch = (
  channel: Channel,
  source: string,
  medium: string | null,
  rest: Partial<Touch> = {},
): Touch => ({
  channel,
  source,
  medium,
  campaign: null,
  term: null,
  content: null,
  ...rest,
});

const arrive = (url: string, referrer: string | null, clickIds: ClickIds = {}): Arrival => ({
  url,
  referrer,
  clickIds,
});

/** Arrivals where the URL and referrer together matter, or campaign, term and content are kept. */
const combined: Case[] = [
  {
    says: 'navigation inside the site is direct',
    arrival: arrive(`${site}cart`, `${site}catalog/sofas?page=2`),
    touch: touch('direct', '(direct)', '(none)'),
  },
  {
    says: 'a referrer from the www. host of the same site is direct',
    arrival: arrive('https://www.example.ru/contacts', 'https://example.ru/'),
    touch: touch('direct', '(direct)', '(none)'),
  },
  {
    says: 'a referrer from another subdomain of the same site is direct',
    arrival: arrive('https://shop.example.ru/', 'https://blog.example.ru/post/1'),
    touch: touch('direct', '(direct)', '(none)'),
  },
  {
    says: 'another site on a shared hosting domain is a referral',
    arrival: arrive('https://shop.github.io/', 'https://blog.github.io/'),
    touch: touch('referral', 'blog.github.io', 'referral'),
  },
  {
    says: 'UTM tags on an internal link still count',
    arrival: arrive(`${site}?utm_source=banner_top&utm_medium=banner`, `${site}catalog`),
    touch: touch('display', 'banner_top', 'banner'),
  },
  {
    says: 'a gclid from Google search is a Google Ads click',
    arrival: arrive(`${site}?gclid=Cj0KCQjw8O`, 'https://www.google.com/'),
    touch: touch('paid_search', 'google', 'cpc'),
  },
  {
    says: 'a click id reported by the snippet counts like one on the URL',
    arrival: arrive(site, null, { yclid: '5843716325178933247' }),
    touch: touch('paid_search', 'yandex', 'cpc'),
  },
  {
    says: 'an fbclid from Instagram keeps Instagram as the source',
    arrival: arrive(`${site}?fbclid=PAAaZ3`, 'https://l.instagram.com/'),
    touch: touch('organic_social', 'instagram', 'social'),
  },
  {
    says: 'a medium-only tag borrows its source from the referrer',
    arrival: arrive(`${site}?utm_medium=email`, 'https://mail.google.com/'),
    touch: touch('email', 'gmail', 'email'),
  },
  {
    says: 'a campaign-only tag keeps the campaign and lets the referrer decide the rest',
    arrival: arrive(`${site}?utm_campaign=Black_Friday`, 'https://yandex.ru/'),
    touch: touch('organic_search', 'yandex', 'organic', { campaign: 'Black_Friday' }),
  },
  {
    says: 'Yandex Direct keeps campaign and the decoded Cyrillic term',
    arrival: arrive(
      `${site}?utm_source=yandex&utm_medium=cpc&utm_campaign=brand_msk&utm_term=%D0%BA%D1%83%D0%BF%D0%B8%D1%82%D1%8C+%D0%B4%D0%B8%D0%B2%D0%B0%D0%BD&yclid=584`,
      'https://yandex.ru/',
    ),
    touch: touch('paid_search', 'yandex', 'cpc', { campaign: 'brand_msk', term: 'купить диван' }),
  },
  {
    says: 'Google Ads keeps campaign and content as written',
    arrival: arrive(
      `${site}?utm_source=google&utm_medium=cpc&utm_campaign=Search_RU&utm_content=Ad-2&gclid=Cj0K`,
      null,
    ),
    touch: touch('paid_search', 'google', 'cpc', { campaign: 'Search_RU', content: 'Ad-2' }),
  },
  {
    says: 'UTM parameter names are case-insensitive; source and medium are lower-cased, campaign kept',
    arrival: arrive(`${site}?UTM_Source=Yandex&Utm_Medium=CPC&utm_campaign=Spring_Sale`, null),
    touch: touch('paid_search', 'yandex', 'cpc', { campaign: 'Spring_Sale' }),
  },
  {
    says: 'UTM values are trimmed and an empty duplicate does not erase the real one',
    arrival: arrive(
      `${site}?utm_source=%20vk%20&utm_source=&utm_medium=cpc%20&utm_campaign=%20retarget%20`,
      null,
    ),
    touch: touch('paid_social', 'vk', 'cpc', { campaign: 'retarget' }),
  },
  {
    says: 'an unparsable landing URL and referrer carry nothing',
    arrival: arrive('::', '::'),
    touch: touch('direct', '(direct)', '(none)'),
  },
];

const label = ([channel, source, medium]: Expected): string =>
  `${channel} (${source} / ${medium ?? 'no medium'})`;

const cases: Case[] = [
  ...referrers.map(
    ([referrer, ...expected]): Case => ({
      says: `a visit referred by ${referrer || 'an empty referrer'} is ${label(expected)}`,
      arrival: arrive(site, referrer),
      touch: touch(...expected),
    }),
  ),
  ...taggedUrls.map(
    ([query, ...expected]): Case => ({
      says: `a landing URL with ?${query} is ${label(expected)}`,
      arrival: arrive(`${site}?${query}`, null),
      touch: touch(...expected),
    }),
  ),
  ...combined,
];

describe('describeArrival and classifyChannel', () => {
  for (const c of cases) {
    test(c.says, () => {
      assert.deepEqual(describeArrival(c.arrival), c.touch);
      const landingHost = URL.canParse(c.arrival.url) ? new URL(c.arrival.url).hostname : '';
      const input = {
        utm: utmFromUrl(c.arrival.url),
        clickIds: arrivalClickIds(c.arrival),
        referrerHost: referrerHostOf(c.arrival.referrer),
        landingHost,
      };
      assert.equal(classifyChannel(input), c.touch.channel);
    });
  }
});

describe('classifyChannel', () => {
  test('takes UTM values as found and normalises source and medium itself', () => {
    const utm = { source: ' VK ', medium: 'CPC', campaign: null, term: null, content: null };
    assert.equal(
      classifyChannel({ utm, clickIds: {}, referrerHost: null, landingHost: 'example.ru' }),
      'paid_social',
    );
  });

  test('treats a referrer host with a trailing dot and capitals like any other', () => {
    const utm = { source: null, medium: null, campaign: null, term: null, content: null };
    const input = { utm, clickIds: {}, referrerHost: 'WWW.Google.COM.', landingHost: 'example.ru' };
    assert.equal(classifyChannel(input), 'organic_search');
  });
});

describe('isSameSite', () => {
  const table: [referrer: string, landing: string, same: boolean][] = [
    ['example.ru', 'www.example.ru', true],
    ['m.example.ru', 'example.ru', true],
    ['shop.example.co.uk', 'example.co.uk', true],
    ['other.co.uk', 'example.co.uk', false],
    ['a.tilda.ws', 'b.tilda.ws', false],
    ['example.com', 'example.ru', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['example.ru', '', false],
  ];
  for (const [referrer, landing, same] of table) {
    test(`${referrer} is ${same ? '' : 'not '}the same site as ${landing || 'an unknown landing host'}`, () => {
      assert.equal(isSameSite(referrer, landing), same);
    });
  }
});

describe('click ids', () => {
  test('are read from the URL with case-insensitive names, ignoring other parameters and empty values', () => {
    assert.deepEqual(clickIdsFromUrl('https://example.ru/?GCLID=abc&yclid=&fbclid=IwAR&utm_source=x'), {
      gclid: 'abc',
      fbclid: 'IwAR',
    });
  });

  test('are empty for an unparsable URL instead of throwing', () => {
    assert.deepEqual(clickIdsFromUrl('not a url'), {});
  });

  test('on the URL win over those the snippet remembered, which are otherwise kept', () => {
    const arrival: Arrival = {
      url: 'https://example.ru/?gclid=new',
      referrer: null,
      clickIds: { gclid: 'old', yclid: '584371', fbclid: ' ' },
    };
    assert.deepEqual(arrivalClickIds(arrival), { gclid: 'new', yclid: '584371' });
  });
});
