/** Specification of session boundaries and of which touch a visitor's sessions credit. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Channel } from '../channel/channel.ts';
import type { LiveSession, SessionArrival } from './session-rules.ts';
import { carriesCampaign, continuesSession, firstTouch, lastTouch } from './session-rules.ts';
import type { ClickIds, Touch } from './touch.ts';

const t0 = Date.parse('2025-03-14T09:00:00.000Z');
const minutes = (n: number): Date => new Date(t0 + n * 60_000);

const touch = (channel: Channel, source: string, medium: string, rest: Partial<Touch> = {}): Touch => ({
  channel,
  source,
  medium,
  campaign: null,
  term: null,
  content: null,
  ...rest,
});

const direct = touch('direct', '(direct)', '(none)');
const googleOrganic = touch('organic_search', 'google', 'organic');
const yandexOrganic = touch('organic_search', 'yandex', 'organic');
const habr = touch('referral', 'habr.com', 'referral');
const brand = touch('paid_search', 'yandex', 'cpc', { campaign: 'brand', content: 'ad-1' });

interface Case {
  says: string;
  before: Touch;
  beforeClickIds?: ClickIds;
  after: Touch;
  afterClickIds?: ClickIds;
  isCampaignArrival?: boolean;
  /** Minutes since the session's last activity. */
  later: number;
  inactivityMs?: number;
  continues: boolean;
}

const cases: Case[] = [
  {
    says: 'a direct arrival 5 minutes later continues',
    before: googleOrganic,
    after: direct,
    later: 5,
    continues: true,
  },
  {
    says: 'a direct arrival 31 minutes later starts a new session',
    before: googleOrganic,
    after: direct,
    later: 31,
    continues: false,
  },
  {
    says: 'an arrival exactly 30 minutes later still continues',
    before: googleOrganic,
    after: direct,
    later: 30,
    continues: true,
  },
  {
    says: 'an arrival 30 minutes and 1 ms later starts a new session',
    before: direct,
    after: direct,
    later: 30 + 1 / 60_000,
    continues: false,
  },
  {
    says: 'an arrival stamped before the last activity (clock skew) continues',
    before: googleOrganic,
    after: direct,
    later: -2,
    continues: true,
  },
  {
    says: 'internal navigation in a paid session keeps the session and its ad',
    before: brand,
    beforeClickIds: { yclid: '584' },
    after: direct,
    later: 12,
    continues: true,
  },
  {
    says: 'returning from the same search engine continues',
    before: googleOrganic,
    after: googleOrganic,
    later: 10,
    continues: true,
  },
  {
    says: 'organic search on another engine within 30 minutes starts a new session',
    before: googleOrganic,
    after: yandexOrganic,
    later: 10,
    continues: false,
  },
  {
    says: 'a referral from another website within 30 minutes starts a new session',
    before: googleOrganic,
    after: habr,
    later: 10,
    continues: false,
  },
  {
    says: 'coming back from the same referring website continues',
    before: habr,
    after: habr,
    later: 10,
    continues: true,
  },
  {
    says: 'an ad click after a direct visit starts a new session, as in Universal Analytics',
    before: direct,
    after: brand,
    later: 3,
    continues: false,
  },
  {
    says: 'reloading a landing page with the same click id continues',
    before: brand,
    beforeClickIds: { yclid: '584' },
    after: brand,
    afterClickIds: { yclid: '584' },
    later: 1,
    continues: true,
  },
  {
    says: 'a second click on the same ad brings a new click id and a new session',
    before: brand,
    beforeClickIds: { yclid: '584' },
    after: brand,
    afterClickIds: { yclid: '585' },
    later: 1,
    continues: false,
  },
  {
    says: 'a click id the session lacked starts a new session',
    before: googleOrganic,
    after: googleOrganic,
    afterClickIds: { gclid: 'Cj0K' },
    later: 1,
    continues: false,
  },
  {
    says: 'a campaign arrival without the session click id continues when the tags match',
    before: brand,
    beforeClickIds: { yclid: '584' },
    after: brand,
    later: 4,
    continues: true,
  },
  {
    says: 'another campaign of the same source and medium starts a new session',
    before: brand,
    after: { ...brand, campaign: 'competitors' },
    later: 4,
    continues: false,
  },
  {
    says: 'campaign names are compared as written',
    before: brand,
    after: { ...brand, campaign: 'Brand' },
    later: 4,
    continues: false,
  },
  {
    says: 'another ad of the same campaign (utm_content) continues',
    before: brand,
    after: { ...brand, content: 'ad-2' },
    later: 4,
    continues: true,
  },
  {
    says: 'another keyword of the same campaign (utm_term) continues',
    before: brand,
    after: { ...brand, term: 'sofa' },
    later: 4,
    continues: true,
  },
  {
    says: 'source and medium are compared regardless of case',
    before: { ...brand, source: 'Yandex' },
    after: brand,
    later: 4,
    continues: true,
  },
  {
    says: 'an arrival the caller marks as no campaign continues whatever its touch',
    before: googleOrganic,
    after: habr,
    isCampaignArrival: false,
    later: 4,
    continues: true,
  },
  {
    says: 'marking an arrival as no campaign does not outlive the inactivity limit',
    before: googleOrganic,
    after: habr,
    isCampaignArrival: false,
    later: 45,
    continues: false,
  },
  {
    says: 'a shorter inactivity limit is honoured',
    before: googleOrganic,
    after: direct,
    later: 15,
    inactivityMs: 10 * 60_000,
    continues: false,
  },
];

describe('continuesSession', () => {
  for (const c of cases) {
    test(c.says, () => {
      const previous: LiveSession = {
        lastActivityAt: minutes(0),
        touch: c.before,
        clickIds: c.beforeClickIds ?? {},
      };
      const arrival: SessionArrival = { touch: c.after, clickIds: c.afterClickIds ?? {} };
      if (c.isCampaignArrival !== undefined) arrival.isCampaignArrival = c.isCampaignArrival;
      assert.equal(continuesSession(previous, arrival, minutes(c.later), c.inactivityMs), c.continues);
    });
  }
});

describe('carriesCampaign', () => {
  const table: [says: string, arrival: SessionArrival, carries: boolean][] = [
    ['a direct arrival carries none', { touch: direct, clickIds: {} }, false],
    ['an organic search arrival carries one', { touch: googleOrganic, clickIds: {} }, true],
    [
      'a direct-looking arrival with a click id carries one',
      { touch: direct, clickIds: { gclid: 'Cj0K' } },
      true,
    ],
    ['an empty click id is no click id', { touch: direct, clickIds: { gclid: '' } }, false],
    [
      'an arrival marked as no campaign carries none',
      { touch: brand, clickIds: {}, isCampaignArrival: false },
      false,
    ],
  ];
  for (const [says, arrival, carries] of table) {
    test(says, () => assert.equal(carriesCampaign(arrival), carries));
  }
});

describe('firstTouch and lastTouch', () => {
  const vk = touch('organic_social', 'vk', 'social');

  test('the first touch is the oldest, even when direct', () => {
    assert.equal(firstTouch([direct, googleOrganic, vk]), direct);
  });

  test('the last touch is the last non-direct one', () => {
    assert.equal(lastTouch([googleOrganic, vk, direct, { ...direct }]), vk);
  });

  test('the last touch of a visitor who only came direct is the last direct touch', () => {
    const latest = { ...direct };
    assert.equal(lastTouch([direct, latest]), latest);
  });

  test('a single touch is both first and last', () => {
    assert.equal(firstTouch([brand]), brand);
    assert.equal(lastTouch([brand]), brand);
  });

  test('no touches at all is a programming error', () => {
    assert.throws(() => firstTouch([]), RangeError);
    assert.throws(() => lastTouch([]), RangeError);
  });
});
