import assert from 'node:assert/strict';
import { test } from 'node:test';
import { presetDays, previousDays, todayIn } from '../../period.ts';
import { deeper, drilldownLevel, readReportState, reportHref, sourcesQuery } from './report-query.ts';

const today = '2026-03-15';

test('presets are local days ending today; last month is the whole calendar month', () => {
  assert.deepEqual(presetDays('7d', today), { first: '2026-03-09', last: today });
  assert.deepEqual(presetDays('90d', today), { first: '2025-12-16', last: today });
  assert.deepEqual(presetDays('thisMonth', today), { first: '2026-03-01', last: today });
  assert.deepEqual(presetDays('lastMonth', today), { first: '2026-02-01', last: '2026-02-28' });
  assert.deepEqual(presetDays('lastMonth', '2026-01-10'), { first: '2025-12-01', last: '2025-12-31' });
  assert.deepEqual(presetDays('custom', today, { first: '2026-01-05', last: '2026-01-07' }), {
    first: '2026-01-05',
    last: '2026-01-07',
  });
  assert.deepEqual(
    presetDays('custom', today, { first: '2026-01-07', last: '2026-01-05' }),
    presetDays('30d', today),
    'a reversed custom period falls back to the default',
  );
});

test('the comparison period is as many days just before', () => {
  assert.deepEqual(previousDays({ first: '2026-03-01', last: '2026-03-15' }), {
    first: '2026-02-14',
    last: '2026-02-28',
  });
});

test('today is the workspace’s day, not the browser’s', () => {
  const lateEvening = new Date('2026-03-15T22:30:00Z');
  assert.equal(todayIn('Europe/Moscow', lateEvening), '2026-03-16');
  assert.equal(todayIn('America/New_York', lateEvening), '2026-03-15');
});

test('the drill-down goes channel → source → campaign → term, and ends there', () => {
  assert.equal(drilldownLevel({}), 'channel');
  const paid = deeper({}, 'paid_search');
  assert.deepEqual(paid, { channel: 'paid_search' });
  assert.equal(deeper({}, 'not a channel'), null);
  const google = deeper(paid ?? {}, 'google');
  assert.equal(drilldownLevel(google ?? {}), 'campaign');
  const brand = deeper(google ?? {}, '<img src=x onerror=alert(1)>');
  assert.deepEqual(brand, {
    channel: 'paid_search',
    source: 'google',
    campaign: '<img src=x onerror=alert(1)>',
  });
  assert.equal(drilldownLevel(brand ?? {}), 'term');
  assert.equal(deeper(brand ?? {}, 'dentist'), null);
});

test('the state survives the address bar, defaults left out', () => {
  const state = readReportState(new URLSearchParams());
  assert.equal(reportHref(state), '/sources');
  const deep = {
    ...state,
    period: '90d' as const,
    compare: true,
    touch: 'first' as const,
    drilldown: { channel: 'paid_search' as const, source: 'google', campaign: 'a&b=c' },
  };
  const href = reportHref(deep);
  assert.deepEqual(readReportState(new URL(href, 'http://x').searchParams), deep);
});

test('a source without its channel is no drill-down', () => {
  const state = readReportState(new URLSearchParams('source=google&campaign=brand'));
  assert.deepEqual(state.drilldown, {});
});

test('the API query carries the period in the workspace’s zone, the comparison and the level', () => {
  const state = readReportState(new URLSearchParams('period=7d&compare=1&channel=paid_search'));
  assert.deepEqual(sourcesQuery(state, today, 'Europe/Moscow'), {
    from: '2026-03-08T21:00:00.000Z',
    to: '2026-03-15T21:00:00.000Z',
    compareFrom: '2026-03-01T21:00:00.000Z',
    compareTo: '2026-03-08T21:00:00.000Z',
    groupBy: 'source',
    touch: 'last',
    channel: 'paid_search',
  });
  const pages = readReportState(new URLSearchParams('view=landingPage'));
  assert.equal(sourcesQuery(pages, today, 'UTC').groupBy, 'landingPage');
});

test('a chosen site stays in the address and narrows the report to it', () => {
  const state = readReportState(new URLSearchParams('site=site_1&channel=paid_search'));
  assert.equal(state.site, 'site_1');
  assert.equal(reportHref(state), '/sources?channel=paid_search&site=site_1');
  assert.equal(sourcesQuery(state, today, 'UTC').siteId, 'site_1');
  assert.equal(sourcesQuery(readReportState(new URLSearchParams()), today, 'UTC').siteId, undefined);
});
