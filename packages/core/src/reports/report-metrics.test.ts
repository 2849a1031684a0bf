import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptyCounts, type ReportCounts, reportMetrics } from './report-metrics.ts';

const group = (counts: Partial<ReportCounts>): ReportCounts => ({ ...emptyCounts, ...counts });

test('conversion to call is calls over sessions', () => {
  assert.equal(reportMetrics(group({ sessions: 200, calls: 5 })).conversion, 0.025);
});

test('qualified and missed shares are taken of all calls', () => {
  const m = reportMetrics(group({ calls: 8, qualified: 2, missed: 6 }));
  assert.equal(m.qualifiedShare, 0.25);
  assert.equal(m.missedShare, 0.75);
});

test('the mean wait counts only the calls whose wait is known', () => {
  assert.equal(
    reportMetrics(group({ calls: 10, waitSecondsSum: 90, waitSecondsCount: 3 })).meanWaitSeconds,
    30,
  );
});

test('CPL is cost per call, CPO cost per deal, ROMI (revenue − cost) / cost', () => {
  const m = reportMetrics(group({ calls: 4, deals: 2, cost: 1000, revenue: 3500 }));
  assert.equal(m.cpl, 250);
  assert.equal(m.cpo, 500);
  assert.equal(m.romi, 2.5);
});

test('a campaign that cost more than it earned has a negative ROMI', () => {
  assert.equal(reportMetrics(group({ calls: 1, cost: 400, revenue: 100 })).romi, -0.75);
});

test('every ratio whose denominator is zero is null, never 0 or Infinity', () => {
  const m = reportMetrics(group({ calls: 3, revenue: 500, cost: 0 }));
  assert.deepEqual(
    { conversion: m.conversion, meanWaitSeconds: m.meanWaitSeconds, cpo: m.cpo, romi: m.romi, cpl: m.cpl },
    { conversion: null, meanWaitSeconds: null, cpo: null, romi: null, cpl: 0 },
  );
  const none = reportMetrics(emptyCounts);
  assert.equal(none.qualifiedShare, null);
  assert.equal(none.missedShare, null);
});

test('without known costs, CPL, CPO and ROMI are unknown rather than free', () => {
  const m = reportMetrics(group({ calls: 5, deals: 1, revenue: 900, cost: null }));
  assert.deepEqual([m.cpl, m.cpo, m.romi], [null, null, null]);
});
