import assert from 'node:assert/strict';
import { test } from 'node:test';
import { campaignCosts } from './campaign-costs.ts';

const brand = { source: 'google', medium: 'cpc', campaign: 'brand' };

test('daily costs add up per source, medium and campaign, the biggest spend first', () => {
  const sums = campaignCosts([
    { day: '2026-01-01', ...brand, cost: 1000 },
    { day: '2026-01-02', ...brand, cost: 500.5 },
    { day: '2026-01-01', source: 'yandex', medium: 'cpc', campaign: 'implants', cost: 3000 },
    { day: '2026-01-01', source: 'google', medium: 'display', campaign: 'brand', cost: 10 },
  ]);
  assert.deepEqual(sums, [
    { source: 'yandex', medium: 'cpc', campaign: 'implants', days: 1, cost: 3000 },
    { ...brand, days: 2, cost: 1500.5 },
    { source: 'google', medium: 'display', campaign: 'brand', days: 1, cost: 10 },
  ]);
});

test('a separator inside a UTM value does not merge two campaigns', () => {
  const sums = campaignCosts([
    { day: '2026-01-01', source: 'a|b', medium: 'c', campaign: 'd', cost: 1 },
    { day: '2026-01-01', source: 'a', medium: 'b|c', campaign: 'd', cost: 2 },
  ]);
  assert.equal(sums.length, 2);
});
