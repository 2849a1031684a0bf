import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeArrival, type Touch } from '@calltrail/core';
import { arrivalLanding, paidCampaigns } from './arrival-landing.ts';
import { seededRandom } from './seeded-random.ts';
import { planVisit } from './visit-plan.ts';

/** How the server would classify the first `n` simulated visits' landings. */
function touches(n: number): Touch[] {
  const random = seededRandom(11);
  return Array.from({ length: n }, (_, visit) => {
    const { u, r } = arrivalLanding(planVisit(random), 'https://clinic.example', visit);
    return describeArrival({ url: u, referrer: r ?? null, clickIds: {} });
  });
}

test('visits arrive through every channel the sources report groups by', () => {
  const channels = new Set(touches(2_000).map((touch) => touch.channel));
  for (const channel of [
    'paid_search',
    'organic_search',
    'paid_social',
    'organic_social',
    'messenger',
    'email',
    'referral',
    'direct',
  ]) {
    assert.ok(channels.has(channel as Touch['channel']), `${channel} in ${[...channels].join()}`);
  }
});

test('paid search drills down to Google and Yandex campaigns and their keywords', () => {
  const paid = touches(2_000).filter((touch) => touch.channel === 'paid_search');
  assert.deepEqual([...new Set(paid.map((touch) => touch.source))].sort(), ['google', 'yandex']);
  for (const ad of paidCampaigns.filter((campaign) => campaign.source !== 'vk')) {
    const terms = new Set(paid.filter((touch) => touch.campaign === ad.campaign).map((touch) => touch.term));
    assert.deepEqual([...terms].sort(), [...ad.keywords].sort(), ad.campaign);
  }
});

test('paid visits carry the click id of their ad network', () => {
  const random = seededRandom(11);
  const urls = Array.from(
    { length: 500 },
    (_, visit) => arrivalLanding(planVisit(random), 'https://x', visit).u,
  );
  assert.ok(urls.some((url) => url.includes('utm_source=google') && url.includes('gclid=')));
  assert.ok(urls.some((url) => url.includes('utm_source=yandex') && url.includes('yclid=')));
});
